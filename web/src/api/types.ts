// The API's records as StackStorm shapes them (st2common/openapi.yaml), with only the fields the console reads.

export type ExecutionStatus =
  | 'requested'
  | 'scheduled'
  | 'delayed'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timeout'
  | 'abandoned'
  | 'canceling'
  | 'canceled'
  | 'pausing'
  | 'paused'
  | 'resuming'
  | 'pending';

export const executionStatuses: ExecutionStatus[] = [
  'requested', 'scheduled', 'delayed', 'running', 'pending', 'pausing', 'paused', 'resuming',
  'canceling', 'succeeded', 'failed', 'timeout', 'abandoned', 'canceled',
];

export const completedStatuses = new Set<string>(['succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);

export interface ExecutionContext {
  user?: string;
  trigger_instance?: string;
  trigger_type?: string;
  rule?: string;
  enforcement?: string;
  trace_tag?: string;
  parent?: string;
  task?: string;
  orquesta?: { task_name?: string; task_id?: string; item_id?: number; route?: number };
  [name: string]: unknown;
}

export interface Execution {
  id: string;
  action: { ref: string; runner_type?: string; [name: string]: unknown };
  runner?: { name?: string };
  status: ExecutionStatus | string;
  parameters?: Record<string, unknown>;
  result?: unknown;
  start_timestamp: string;
  end_timestamp?: string | null;
  log?: { timestamp: string; status: string }[];
  context?: ExecutionContext;
  children?: string[];
  parent?: string | null;
  trigger?: { ref?: string; type?: string } | null;
  trigger_instance?: { id?: string } | null;
  rule?: { ref?: string } | null;
  web_url?: string;
}

export interface ParameterSchema {
  type?: string | string[];
  description?: string;
  required?: boolean;
  default?: unknown;
  enum?: unknown[];
  secret?: boolean;
  immutable?: boolean;
  position?: number;
  items?: ParameterSchema;
  properties?: Record<string, ParameterSchema>;
  minimum?: number;
  maximum?: number;
  title?: string;
  [name: string]: unknown;
}

export interface Action {
  ref: string;
  pack: string;
  name: string;
  description?: string | null;
  runner_type: string;
  enabled?: boolean;
  entry_point?: string;
  parameters: Record<string, ParameterSchema>;
}

export interface Rule {
  id?: string;
  ref: string;
  pack: string;
  name: string;
  description?: string | null;
  enabled: boolean;
  trigger: { type: string; parameters?: Record<string, unknown>; ref?: string };
  criteria?: Record<string, unknown>;
  action: { ref: string; parameters?: Record<string, unknown> };
  type?: { ref?: string };
  tags?: unknown[];
  [name: string]: unknown;
}

export interface RuleEnforcement {
  id: string;
  rule: { ref: string } | string;
  trigger_instance_id: string;
  execution_id?: string | null;
  enforced_at: string;
  status?: string;
  failure_reason?: string | null;
}

export interface TriggerInstance {
  id: string;
  trigger: string;
  trigger_parameters?: Record<string, unknown>;
  payload: Record<string, unknown>;
  occurrence_time: string;
  status: string;
  trace_tag?: string | null;
}

export interface Inquiry {
  id: string;
  schema: ParameterSchema;
  roles?: string[];
  users?: string[];
  route?: string;
  ttl?: number;
  status?: string;
  response?: Record<string, unknown> | null;
  created_at?: string;
  parent?: string | null;
}

export interface KeyValuePair {
  name: string;
  value: unknown;
  secret?: boolean;
  encrypted?: boolean;
  scope?: string;
  expire_timestamp?: string | null;
  [name: string]: unknown;
}

export interface Pack {
  ref: string;
  name: string;
  description?: string | null;
  version?: string | null;
  author?: string | null;
  [name: string]: unknown;
}

export interface GraphTask {
  name: string;
  action: string | null;
  start: boolean;
  join: 'all' | number | null;
  with_items: string | null;
  concurrency: unknown;
  retry: { when: string | null; count: unknown; delay: unknown } | null;
  delay: unknown;
  engine_command: boolean;
  /** ActionChain only: on-success / on-failure targets that are templates, known only when the chain runs. */
  next_templates?: string[];
}

export interface GraphTransition {
  from: string;
  to: string;
  when: string | null;
  publish: Record<string, unknown>[];
  index: number;
}

export interface WorkflowGraph {
  action: string;
  runner_type: string;
  input: string[];
  output: string[];
  tasks: GraphTask[];
  transitions: GraphTransition[];
}

export interface CriterionTrace {
  key: string;
  operator: string;
  pattern: unknown;
  value: unknown;
  passed: boolean;
  reason: string | null;
  children?: CriterionTrace[];
}

export interface RuleTestReport {
  rule: string;
  enabled: boolean;
  matched: boolean;
  trigger: { rule: string; instance: string };
  criteria: CriterionTrace[];
  error: string | null;
  action: string;
  parameters: Record<string, unknown> | null;
  parameters_error: string | null;
  payload_problems: string[];
  notes: string[];
}

export interface RuleTestAnswer {
  trigger_instance: TriggerInstance;
  results: RuleTestReport[];
}
