import { redirect } from "next/navigation";

export default function SmsConfigurationIndex() {
  redirect("/admin/messaging/sms-configuration/general");
}
