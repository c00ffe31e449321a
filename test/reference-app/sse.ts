// Reads a finite Server-Sent Events response into its events.

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  atMs: number;
}

export async function readSse(response: Response): Promise<SseEvent[]> {
  const started = performance.now();
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  if (response.body === null) return events;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "{}";
      events.push({
        event,
        data: JSON.parse(data) as Record<string, unknown>,
        atMs: performance.now() - started,
      });
    }
  }
  return events;
}
