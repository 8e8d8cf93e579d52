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
  const fns: string[] = [];
  const root = emit(schema, fns);
  // Generated source (named property reads: monomorphic on JSON.parse's objects, unlike obj[key] in a loop).
  const check = root === null ? null : (new Function(`${fns.join("\n")}\nreturn ${root};`)() as TStructuralCheck);
  compiled.set(schema, check);
  return check;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The name of a generated function checking `schema` (its source appended to `fns`), or an inline test; null when unsupported. */
function emit(schema: z.ZodType, fns: string[]): string | null {
  const def = defOf(schema);
  const fn = (body: string) => {
    const name = `c${fns.length}`;
    fns.push(`function ${name}(v) { ${body} }`);
    return name;
  };
  switch (def.type) {
    case "string":
      return def.checks?.length ? null : fn(`return typeof v === "string";`);
    case "number":
      // zod's number rejects NaN and ±Infinity.
      return def.checks?.length ? null : fn(`return typeof v === "number" && Number.isFinite(v);`);
    case "boolean":
      return fn(`return typeof v === "boolean";`);
    case "unknown":
    case "any":
      return fn(`return true;`);
    case "optional": {
      const inner = emit(def.innerType!, fns);
      return inner && fn(`return v === undefined || ${inner}(v);`);
    }
    case "array": {
      const element = emit(def.element!, fns);
      return element && fn(`if (!Array.isArray(v)) return false; for (let i = 0; i < v.length; i++) if (!${element}(v[i])) return false; return true;`);
    }
    case "object": {
      // Unknown keys: stripped (no catchall) or passed (loose: catchall unknown) — neither fails. Strict does.
      if (def.catchall && !["unknown", "any"].includes(defOf(def.catchall).type)) return null;
      const tests: string[] = [];
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const c = emit(child, fns);
        if (!c) return null;
        tests.push(`${c}(${IDENT.test(key) ? `v.${key}` : `v[${JSON.stringify(key)}]`})`);
      }
      return fn(`if (typeof v !== "object" || v === null || Array.isArray(v)) return false; return ${tests.length ? tests.join(" && ") : "true"};`);
    }
    default:
      return null;
  }
}
