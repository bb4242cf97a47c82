/**
 * The OpenAI client, for OpenAI or any compatible server (Ollama, vLLM, LM Studio) through
 * OPENAI_BASE_URL. A chat user waits for the answer, so a request gets a bounded time and one
 * retry; every request carries its own output budget. Whoever calls falls back to offline
 * mode when the model fails.
 */
import type OpenAI from "openai";
import type { Config } from "../config.js";

export interface Llm {
  /** Loaded on first use: an offline bot never pays the library's memory. */
  client(): Promise<OpenAI>;
  model: string;
  /** Output tokens per request. */
  maxTokens: { answer: number; extract: number };
}

export interface LlmOptions {
  /** Per attempt, in milliseconds. */
  timeout?: number;
  maxTokens?: Partial<Llm["maxTokens"]>;
}

const TIMEOUT_MS = 20_000;
const MAX_TOKENS = { answer: 700, extract: 600 };

/** undefined when no key and no base URL are configured: offline mode. */
export function createLlm(config: Config["openai"], options: LlmOptions = {}): Llm | undefined {
  if (!config) return undefined;
  let client: Promise<OpenAI> | undefined;
  const load = async (): Promise<OpenAI> => {
    const { default: OpenAIClient } = await import("openai");
    return new OpenAIClient({
      // A local server needs no key, but the client insists on one.
      apiKey: config.apiKey ?? "not-needed",
      ...(config.baseURL ? { baseURL: config.baseURL } : {}),
      timeout: options.timeout ?? TIMEOUT_MS,
      maxRetries: 1,
    });
  };
  return { client: () => (client ??= load()), model: config.model, maxTokens: { ...MAX_TOKENS, ...options.maxTokens } };
}
