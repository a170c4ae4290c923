import { describe, expect, it } from 'vitest';
import { resolveExtractionProvider } from '../src/extract/llm/resolve.js';

describe('LLM provider resolution', () => {
  it('is null when nothing is configured', () => {
    expect(resolveExtractionProvider({})).toBeNull();
  });

  it('prefers Gemini, then Anthropic, then OpenAI by key, with default models', () => {
    const all = resolveExtractionProvider({ GEMINI_API_KEY: 'g', ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' })!;
    expect([all.provider.name, all.provider.model, all.source]).toEqual(['gemini', 'gemini-3.1-flash-lite', 'first API key found']);
    expect(resolveExtractionProvider({ GOOGLE_API_KEY: 'g' })!.provider.name).toBe('gemini');
    expect(resolveExtractionProvider({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' })!.provider.model).toBe('claude-haiku-4-5');
    expect(resolveExtractionProvider({ OPENAI_API_KEY: 'o' })!.provider.model).toBe('gpt-5.4-nano');
  });

  it('honours LLM_EXTRACTION_PROVIDER over LLM_PROVIDER, LLM_MODEL, and names Ollama only explicitly', () => {
    const r = resolveExtractionProvider({ LLM_PROVIDER: 'openai', LLM_EXTRACTION_PROVIDER: ' Anthropic ', LLM_MODEL: 'claude-sonnet-4-6', ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' })!;
    expect([r.provider.name, r.provider.model, r.source]).toEqual(['anthropic', 'claude-sonnet-4-6', 'named by LLM_EXTRACTION_PROVIDER']);
    const o = resolveExtractionProvider({ LLM_PROVIDER: 'ollama' })!;
    expect([o.provider.name, o.provider.model]).toEqual(['ollama', 'gpt-oss:20b']);
  });

  it('rejects unknown provider names and a named provider without its key', () => {
    expect(() => resolveExtractionProvider({ LLM_PROVIDER: 'mistral' })).toThrow(/not one of anthropic, gemini, openai, ollama/);
    expect(() => resolveExtractionProvider({ LLM_PROVIDER: 'openai' })).toThrow(/API key is not set/);
  });
});
