/**
 * A local HTTP double of the OpenAI chat completions API, for tests that run the real
 * `openai` client against it (OPENAI_BASE_URL = double.baseURL). It records every request
 * and answers with whatever the test scripts: a completion, an HTTP error, or silence
 * past the client's timeout.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw body as received. */
  raw: string;
  /** The parsed JSON body (model, messages, response_format, max_tokens …). */
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    max_tokens?: number;
    [key: string]: unknown;
  };
}

export type Reply =
  | { content: string }
  | { status: number; message?: string }
  /** Hold the request without answering until the client gives up. */
  | { hang: true };

export type Responder = (request: RecordedRequest, index: number) => Reply;

export interface OpenAiDouble {
  baseURL: string;
  requests: RecordedRequest[];
  /** Every later request is answered by this. */
  respond(responder: Responder | Reply): void;
  close(): Promise<void>;
}

export function completion(content: string, model = "test-model") {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startOpenAiDouble(): Promise<OpenAiDouble> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = () => ({ content: "" });
  const hanging = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await read(req);
      let body: RecordedRequest["body"] = {};
      try {
        body = JSON.parse(raw) as RecordedRequest["body"];
      } catch {
        body = {};
      }
      const request = { method: req.method ?? "", path: req.url ?? "", raw, body };
      requests.push(request);
      if (req.method !== "POST" || !request.path.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const reply = responder(request, requests.length - 1);
      if ("hang" in reply) {
        const end = () => res.destroy();
        hanging.add(end);
        req.on("close", () => hanging.delete(end));
        return;
      }
      if ("status" in reply) {
        // retry-after-ms keeps the client's one retry from waiting its default backoff.
        res
          .writeHead(reply.status, { "content-type": "application/json", "retry-after-ms": "10" })
          .end(JSON.stringify({ error: { message: reply.message ?? "error", type: "server_error" } }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(reply.content, body.model)));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    respond(r) {
      responder = typeof r === "function" ? r : () => r;
    },
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
