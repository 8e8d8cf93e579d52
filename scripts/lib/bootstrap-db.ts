/**
 * Database bootstrap shared by `npm run dev`, the tests and production start-up helpers:
 * create the database if missing, apply migrations (as the owner), and give the application role
 * `pult_app` its login password (the role itself is created by the first migration).
 */
import pg from "pg";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(ownerUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, "postgres") });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"${template ? ` TEMPLATE "${template.replace(/"/g, "")}"` : ""}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(ownerUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, "")}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Sets the login password of the application role (created NOLOGIN by the first migration). */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const role = await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'pult_app'");
    if (role.rowCount === 0) throw new Error("Role pult_app is missing: migrations have not been applied");
    await client.query(`ALTER ROLE pult_app WITH LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await client.end();
  }
}
