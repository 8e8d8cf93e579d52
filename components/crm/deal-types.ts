import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "@/server/api/root";

export type TDeal = inferRouterOutputs<TAppRouter>["crm"]["deal"];
export type TPolicy = TDeal["policies"][number];
