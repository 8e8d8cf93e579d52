import type { Metadata } from "next";
import { JobRunDetail } from "@/components/jobs/job-run-detail";

export const metadata: Metadata = { title: "Запуск задачи" };

export default async function JobRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <JobRunDetail id={id} />;
}
