// Builds the patch sent to `update_client`: only the fields a person actually changed.

export type FormValue = string | boolean | null | readonly string[];

/** What a form field means as data: blank text is "not recorded" (null); text is trimmed at the ends. */
export function normalise(value: FormValue | undefined): FormValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }
  if (Array.isArray(value)) return [...value];
  return value;
}

function sameValue(a: FormValue, b: FormValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    if (a.length !== b.length) return false;
    const left = [...a].sort();
    const right = [...b].sort();
    return left.every((v, i) => v === right[i]);
  }
  return a === b;
}

/**
 * Compares the edited form with the record as it was and returns only the changed fields.
 * Keys of `edited` that are not in the record are ignored. Arrays are compared as sets.
 */
export function diffPatch<T extends object>(original: T, edited: { [K in keyof T]?: FormValue }): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(edited) as Array<keyof T>) {
    if (!(key in original)) continue;
    const before = normalise(original[key] as FormValue | undefined);
    const after = normalise(edited[key]);
    if (!sameValue(before, after)) {
      (patch as Record<keyof T, unknown>)[key] = after;
    }
  }
  return patch;
}

/** The form's starting values for some fields of a record: null text becomes "", arrays are copied. */
export function formValues<T extends object, K extends keyof T>(record: T, keys: readonly K[]): { [P in K]: FormValue } {
  const out = {} as { [P in K]: FormValue };
  for (const key of keys) {
    const v = record[key] as unknown;
    if (Array.isArray(v)) out[key] = [...v];
    else if (v === null || v === undefined) out[key] = "";
    else if (typeof v === "boolean") out[key] = v;
    else out[key] = String(v);
  }
  return out;
}

export function isEmptyPatch(patch: object): boolean {
  return Object.keys(patch).length === 0;
}
