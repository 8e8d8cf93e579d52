import { CRM_AUDIT_ACTIONS, CRM_AUDIT_ENTITIES } from "@/components/crm/audit-labels";
import { PROCUREMENT_AUDIT_ACTIONS, PROCUREMENT_AUDIT_ENTITIES } from "@/components/procurement/audit-labels";

/** Russian names of audit actions and entities (unknown ones are shown as they are). */
export const AUDIT_ACTIONS: Record<string, string> = {
  "company.created": "Компания создана",
  "company.updated": "Настройки компании изменены",
  "member.added": "Пользователь добавлен",
  "member.role_changed": "Роль изменена",
  "member.activated": "Пользователь включён",
  "member.deactivated": "Пользователь отключён",
  "invitation.created": "Приглашение создано",
  "invitation.accepted": "Приглашение принято",
  "invitation.revoked": "Приглашение отозвано",
  "integration.created": "Интеграция подключена",
  "integration.updated": "Интеграция изменена",
  "integration.check_requested": "Запрошена проверка интеграции",
  "job_run.requested": "Задача запущена",
  "job_run.cancelled": "Задача отменена",
  "user.password_changed": "Пароль изменён",
  ...CRM_AUDIT_ACTIONS,
  ...PROCUREMENT_AUDIT_ACTIONS,
};

export const AUDIT_ENTITIES: Record<string, string> = {
  Company: "Компания",
  Membership: "Участник",
  Invitation: "Приглашение",
  IntegrationConfig: "Интеграция",
  JobRun: "Фоновая задача",
  User: "Пользователь",
  ...CRM_AUDIT_ENTITIES,
  ...PROCUREMENT_AUDIT_ENTITIES,
};

export const actionLabel = (a: string) => AUDIT_ACTIONS[a] ?? a;
export const entityLabel = (e: string) => AUDIT_ENTITIES[e] ?? e;
