import { getPage } from '../api/client';

/** Every record of a list endpoint, following continuation tokens (for the small catalogues: actions, rules, packs). */
export async function listAll<T>(path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal, cap = 20_000): Promise<T[]> {
  const all: T[] = [];
  let token: string | null = null;
  do {
    const page: { items: T[]; next: string | null } = await getPage<T>(path, { ...query, limit: 1000, continuation_token: token ?? undefined }, signal);
    all.push(...page.items);
    token = page.next;
  } while (token !== null && all.length < cap);
  return all;
}
