import { apiRoute } from "@/lib/api/handler";
import { getDashboard } from "@/lib/dashboard/get-dashboard";

/** GET /api/v1/dashboard — this month's figures and the last 12 weeks of the caller's institution (administrators). */
export const GET = apiRoute(({ ctx }) => getDashboard({ ctx }));
