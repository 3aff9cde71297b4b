"""A minimal server-sent events reader with the one interface st2client uses (`SSEClient(response).events()`), written
for ServerlessFlow's tests: st2client imports `sseclient` (the sseclient-py package) for `st2 execution tail`, which
Debian does not package and these machines cannot fetch. It follows the SSE parsing rules of the WHATWG HTML standard
(event, data, id fields; comment lines; a blank line dispatches)."""


class Event(object):
    def __init__(self, id=None, event="message", data="", retry=None):
        self.id = id
        self.event = event
        self.data = data
        self.retry = retry


class SSEClient(object):
    def __init__(self, event_source, char_enc="utf-8"):
        self._source = event_source
        self._char_enc = char_enc

    def _lines(self):
        buffer = b""
        for chunk in self._source.iter_content(chunk_size=None):
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield line.rstrip(b"\r").decode(self._char_enc)
        if buffer:
            yield buffer.decode(self._char_enc)

    def events(self):
        event = Event()
        data = []
        for line in self._lines():
            if line == "":
                if data:
                    event.data = "\n".join(data)
                    yield event
                event = Event()
                data = []
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
            if field == "data":
                data.append(value)
            elif field == "event":
                event.event = value
            elif field == "id":
                event.id = value
            elif field == "retry" and value.isdigit():
                event.retry = int(value)
        if data:
            event.data = "\n".join(data)
            yield event

    def close(self):
        self._source.close()
