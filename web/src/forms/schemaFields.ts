import type { ParameterSchema } from '../api/types';

/** One input of a generated form. */
export interface Field {
  name: string;
  schema: ParameterSchema;
  kind: 'text' | 'secret' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';
  required: boolean;
  immutable: boolean;
  label: string;
}

function typeOf(schema: ParameterSchema): string | undefined {
  return Array.isArray(schema.type) ? (schema.type.length === 1 ? schema.type[0] : undefined) : schema.type;
}

/**
 * The fields of a form for a parameter schema: StackStorm's action parameters (`required: true` on each) or a JSON
 * schema object (`required: [names]`, as inquiries have it). Ordered by `position`, then required first, then by name.
 */
export function fieldsOf(properties: Record<string, ParameterSchema>, requiredNames: string[] = []): Field[] {
  const fields = Object.entries(properties).map(([name, schema]): Field => {
    const type = typeOf(schema);
    const kind: Field['kind'] = Array.isArray(schema.enum) && schema.enum.length > 0
      ? 'enum'
      : schema.secret === true && (type === 'string' || type === undefined)
        ? 'secret'
        : type === 'string'
          ? 'text'
          : type === 'integer'
            ? 'integer'
            : type === 'number'
              ? 'number'
              : type === 'boolean'
                ? 'boolean'
                : 'json';
    return {
      name,
      schema,
      kind,
      required: schema.required === true || requiredNames.includes(name),
      immutable: schema.immutable === true,
      label: schema.title ?? name,
    };
  });
  return fields.sort((a, b) => {
    const pa = a.schema.position ?? Number.MAX_SAFE_INTEGER;
    const pb = b.schema.position ?? Number.MAX_SAFE_INTEGER;
    return pa - pb || Number(b.required) - Number(a.required) || a.name.localeCompare(b.name);
  });
}

/** The text an input starts with: the default, shown as the user would type it. */
export function initialText(field: Field): string {
  const value = field.schema.default;
  if (value === undefined || value === null) {
    return '';
  }
  if (field.kind === 'json') {
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  }
  return String(value);
}

export type Parsed = { ok: true; value: unknown; given: boolean } | { ok: false; error: string };

/** Reads one input's text as the value of its type; an empty optional input is not given (the server's default applies). */
export function parseField(field: Field, text: string, checked?: boolean): Parsed {
  if (field.kind === 'boolean') {
    return { ok: true, value: checked === true, given: checked !== (field.schema.default === true) || field.required };
  }
  if (text.trim() === '') {
    return field.required && field.schema.default === undefined ? { ok: false, error: `${field.label} is required.` } : { ok: true, value: undefined, given: false };
  }
  switch (field.kind) {
    case 'integer': {
      const value = Number(text);
      return Number.isInteger(value) ? { ok: true, value, given: true } : { ok: false, error: `${field.label} must be a whole number.` };
    }
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? { ok: true, value, given: true } : { ok: false, error: `${field.label} must be a number.` };
    }
    case 'enum': {
      const match = field.schema.enum!.find((option) => String(option) === text);
      return match === undefined ? { ok: false, error: `${field.label} must be one of ${field.schema.enum!.map(String).join(', ')}.` } : { ok: true, value: match, given: true };
    }
    case 'json': {
      const type = typeOf(field.schema);
      try {
        const value: unknown = JSON.parse(text);
        if (type === 'array' && !Array.isArray(value)) {
          return { ok: false, error: `${field.label} must be a JSON array, e.g. ["a", "b"].` };
        }
        if (type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
          return { ok: false, error: `${field.label} must be a JSON object, e.g. {"name": "value"}.` };
        }
        return { ok: true, value, given: true };
      } catch {
        if (type === 'array' || type === 'object') {
          return { ok: false, error: `${field.label} is not valid JSON.` };
        }
        // A field of unknown type takes plain text as a string.
        return { ok: true, value: text, given: true };
      }
    }
    default:
      return { ok: true, value: text, given: true };
  }
}
