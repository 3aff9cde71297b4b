import { useMemo, useState } from 'preact/hooks';
import type { ParameterSchema } from '../api/types';
import { fieldsOf, initialText, parseField, type Field } from './schemaFields';

/**
 * A form generated from a parameter schema: text, number and password inputs (secrets), checkboxes, selects for enums and
 * JSON text areas for arrays and objects, each labelled with its description; required fields are marked and checked.
 */
export function SchemaForm({ properties, required, submitLabel, busy, onSubmit, idPrefix }: {
  properties: Record<string, ParameterSchema>;
  required?: string[];
  submitLabel: string;
  busy: boolean;
  idPrefix: string;
  onSubmit: (values: Record<string, unknown>) => void;
}) {
  const fields = useMemo(() => fieldsOf(properties, required), [properties, required]);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, initialText(f)])));
  const [checks, setChecks] = useState<Record<string, boolean>>(() => Object.fromEntries(fields.map((f) => [f.name, f.schema.default === true])));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: Event) => {
    event.preventDefault();
    const values: Record<string, unknown> = {};
    const problems: Record<string, string> = {};
    for (const field of fields) {
      if (field.immutable) {
        continue;
      }
      const parsed = parseField(field, texts[field.name] ?? '', checks[field.name]);
      if (!parsed.ok) {
        problems[field.name] = parsed.error;
      } else if (parsed.given) {
        values[field.name] = parsed.value;
      }
    }
    setErrors(problems);
    if (Object.keys(problems).length === 0) {
      onSubmit(values);
    } else {
      const first = fields.find((f) => problems[f.name]);
      document.getElementById(`${idPrefix}-${first!.name}`)?.focus();
    }
  };

  return (
    <form class="schema-form" onSubmit={submit} noValidate>
      {fields.length === 0 && <p class="muted">No parameters.</p>}
      {fields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          id={`${idPrefix}-${field.name}`}
          text={texts[field.name] ?? ''}
          checked={checks[field.name] ?? false}
          error={errors[field.name]}
          onText={(text) => setTexts({ ...texts, [field.name]: text })}
          onCheck={(value) => setChecks({ ...checks, [field.name]: value })}
        />
      ))}
      <button type="submit" disabled={busy} class="primary">{busy ? 'Working…' : submitLabel}</button>
    </form>
  );
}

function FieldInput({ field, id, text, checked, error, onText, onCheck }: {
  field: Field;
  id: string;
  text: string;
  checked: boolean;
  error: string | undefined;
  onText: (text: string) => void;
  onCheck: (value: boolean) => void;
}) {
  const describedBy = [field.schema.description ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name: field.name, disabled: field.immutable, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': field.required || undefined };
  const onInput = (event: Event) => onText((event.target as HTMLInputElement).value);
  let input;
  switch (field.kind) {
    case 'boolean':
      input = <input type="checkbox" {...common} checked={checked} onChange={(e) => onCheck((e.target as HTMLInputElement).checked)} />;
      break;
    case 'enum':
      input = (
        <select {...common} value={text} onChange={onInput}>
          {!field.required && <option value="">(default)</option>}
          {field.schema.enum!.map((option) => <option key={String(option)} value={String(option)}>{String(option)}</option>)}
        </select>
      );
      break;
    case 'secret':
      input = <input type="password" autoComplete="off" {...common} value={text} onInput={onInput} />;
      break;
    case 'integer':
    case 'number':
      input = <input type="number" step={field.kind === 'integer' ? 1 : 'any'} {...common} value={text} onInput={onInput} />;
      break;
    case 'json':
      input = <textarea rows={3} spellcheck={false} {...common} value={text} onInput={onInput} placeholder={jsonHint(field)} />;
      break;
    default:
      input = <input type="text" {...common} value={text} onInput={onInput} />;
  }
  return (
    <div class={`field field-${field.kind}`}>
      <label for={id}>
        {field.label}
        {field.required && <span class="required" aria-hidden="true"> *</span>}
        {field.required && <span class="visually-hidden"> (required)</span>}
        <span class="field-type">{Array.isArray(field.schema.type) ? field.schema.type.join(' | ') : (field.schema.type ?? 'any')}{field.schema.secret ? ', secret' : ''}{field.immutable ? ', fixed' : ''}</span>
      </label>
      {input}
      {field.schema.description && <p class="help" id={`${id}-help`}>{field.schema.description}</p>}
      {error && <p class="field-error" id={`${id}-error`} role="alert">{error}</p>}
    </div>
  );
}

function jsonHint(field: Field): string {
  const type = Array.isArray(field.schema.type) ? undefined : field.schema.type;
  return type === 'array' ? '["a", "b"]' : type === 'object' ? '{"name": "value"}' : 'JSON or text';
}
