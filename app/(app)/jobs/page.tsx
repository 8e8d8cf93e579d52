import type { Metadata } from "next";
import { JobRunsView } from "@/components/jobs/job-runs-view";

export const metadata: Metadata = { title: "Фоновые задачи" };

export default function JobsPage() {
  return <JobRunsView />;
}
