import type { z } from "zod";

/**
 * A zod schema compiled into a plain structural check: `(value) => boolean`, with no allocation per
 * object. zod (v4) builds an output copy of every object it validates, which on a MoySklad page (1000
 * documents, each with a dozen nested references) was most of the client's CPU and garbage. The check
 * accepts exactly what the schema accepts for the node types it knows (object — strip or loose —,
 * optional, array, string and number and boolean without refinements, unknown/any); for any other node
 * it returns null and the caller validates with zod. On a failed check the caller runs zod's own
 * safeParse for the error (field path and message), so errors stay what they were.
 */
export type TStructuralCheck = (value: unknown) => boolean;

type TDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  checks?: unknown[];
};

const defOf = (schema: z.ZodType): TDef => (schema as unknown as { _zod: { def: TDef } })._zod.def;

const compiled = new WeakMap<z.ZodType, TStructuralCheck | null>();

export function structuralCheck(schema: z.ZodType): TStructuralCheck | null {
  if (compiled.has(schema)) return compiled.get(schema)!;
  const check = compile(schema);
  compiled.set(schema, check);
  return check;
}

function compile(schema: z.ZodType): TStructuralCheck | null {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return def.checks?.length ? null : (v) => typeof v === "string";
    case "number":
      // zod's number rejects NaN and ±Infinity.
      return def.checks?.length ? null : (v) => typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "unknown":
    case "any":
      return () => true;
    case "optional": {
      const inner = compile(def.innerType!);
      return inner && ((v) => v === undefined || inner(v));
    }
    case "array": {
      const element = compile(def.element!);
      if (!element) return null;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case "object": {
      // Unknown keys: stripped (no catchall) or passed (loose: catchall unknown) — neither fails. Strict does.
      if (def.catchall && !["unknown", "any"].includes(defOf(def.catchall).type)) return null;
      const keys = Object.keys(def.shape ?? {});
      const checks: TStructuralCheck[] = [];
      for (const key of keys) {
        const c = compile(def.shape![key]!);
        if (!c) return null;
        checks.push(c);
      }
      const n = keys.length;
      return (v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (let i = 0; i < n; i++) if (!checks[i]!(o[keys[i]!])) return false;
        return true;
      };
    }
    default:
      return null;
  }
}
