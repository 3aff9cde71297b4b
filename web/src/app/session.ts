import { signal } from '@preact/signals';

/** Bumped when the API key changes, so pages load again with the new key. */
export const keyVersion = signal(0);
