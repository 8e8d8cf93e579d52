import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { CompaniesView } from "@/components/platform/companies-view";

export const metadata: Metadata = { title: "Компании платформы" };

export default async function PlatformCompaniesPage() {
  const current = await getCurrentUser();
  if (!current?.user.superAdmin) notFound();
  return <CompaniesView />;
}
