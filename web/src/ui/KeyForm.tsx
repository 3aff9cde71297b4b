import { useState } from 'preact/hooks';
import { setKey } from '../api/key';
import { reconnectStream } from '../api/stream';
import { keyVersion } from '../app/session';

/** Asks for the API key (a password field); `sflow serve` prints a console link that carries it. */
export function KeyForm({ refused }: { refused: boolean }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        setKey(value.trim());
        reconnectStream();
        keyVersion.value++;
      }}
    >
      <p>
        {refused ? 'Enter the right key' : 'Enter the key'}: <code>sflow serve</code> prints it with a console link when it
        starts (<code>http://127.0.0.1:7071/#key=…</code>); it is also <code>$SFLOW_API_KEY</code> if you set one.
      </p>
      <label>
        API key
        <input type="password" name="api-key" autoComplete="off" required value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Use this key</button>
    </form>
  );
}
