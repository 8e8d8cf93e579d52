import { z } from "zod";
import { router, superAdminProcedure } from "../trpc";
import { MODULE_IDS } from "../../tenancy/modules";
import { isValidTimezone } from "../../tenancy/update-company";
import { listCompanies } from "../../platform/list-companies";
import { createCompany } from "../../platform/create-company";

export const platformRouter = router({
  companies: superAdminProcedure.input(z.object({ search: z.string().max(100).optional() })).query(({ input }) => listCompanies(input)),
  createCompany: superAdminProcedure
    .input(z.object({
      name: z.string().trim().min(2, "Название: не короче 2 символов").max(200),
      inn: z.string().trim().regex(/^(\d{10}|\d{12})$/, "ИНН: 10 или 12 цифр").nullable(),
      timezone: z.string().refine(isValidTimezone, "Неизвестный часовой пояс").default("Europe/Moscow"),
      enabledModules: z.array(z.enum(MODULE_IDS)).default([]),
      ownerEmail: z.string().trim().email("Введите корректный email владельца"),
      ownerName: z.string().trim().min(2, "Укажите имя владельца").max(100),
    }))
    .mutation(({ ctx, input }) => createCompany({
      actor: { userId: ctx.user.id, name: ctx.user.name, ip: ctx.ip, requestId: ctx.requestId }, ...input,
    })),
});
