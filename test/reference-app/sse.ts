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
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "{}";
      events.push({ event, data: JSON.parse(data) as Record<string, unknown>, atMs: performance.now() - started });
    }
  }
  return events;
}
