import { apiRoute } from "@/lib/api/handler";
import { getInstitutionHealth } from "@/lib/health/institution-health";

/** GET /api/v1/health — the caller's institution's health, checked now (administrators). */
export const GET = apiRoute(({ ctx }) => getInstitutionHealth({ ctx }));
