import type { Metadata } from "next";
import { CompanyView } from "@/components/settings/company-view";

export const metadata: Metadata = { title: "Компания" };

export default function CompanyPage() {
  return <CompanyView />;
}
