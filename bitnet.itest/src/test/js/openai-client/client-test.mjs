// The official openai npm client against a running `./bitnet serve`: models, chat and text completions, streaming,
// and errors surfacing as the client's typed errors. Run by bitnet.itest's ServeProcessIT after `npm ci`:
//
//   OPENAI_BASE_URL=http://127.0.0.1:8080/v1 node client-test.mjs
//
// Exits 0 when every check passes; a failed check throws (exit 1) with what was expected and what came back.
import assert from 'node:assert/strict';
import OpenAI, { APIError, BadRequestError, NotFoundError } from 'openai';

const baseURL = process.env.OPENAI_BASE_URL;
assert.ok(baseURL, 'OPENAI_BASE_URL must name the server, e.g. http://127.0.0.1:8080/v1');
// The server checks keys only when it was started with api_key=...; the client insists on having one.
// No retries: a 429 or 5xx must show here, not be hidden by the client's backoff.
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? 'unused', maxRetries: 0, timeout: 60_000 });
const checks = [];

async function check(name, body) {
  await body();
  checks.push(name);
  console.log(`ok - ${name}`);
}

const models = await client.models.list();
const model = models.data[0]?.id;

await check('models.list names the one served model', async () => {
  assert.equal(models.data.length, 1);
  assert.equal(models.data[0].object, 'model');
  assert.equal(typeof model, 'string');
});

// Seeded sampling with temperature > 0: the same seed must give the same text, streamed or not.
// ignore_eos (a server extension the client passes through) makes the length, and so the usage, certain.
const chatRequest = {
  model,
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Name three colours.' },
  ],
  max_tokens: 8,
  temperature: 0.8,
  seed: 42,
  ignore_eos: true,
};

const chat = await client.chat.completions.create(chatRequest);
const text = chat.choices[0].message.content;

await check('chat completion: object, message, finish_reason length, usage', async () => {
  assert.equal(chat.object, 'chat.completion');
  assert.equal(chat.model, model);
  assert.equal(chat.choices.length, 1);
  assert.equal(chat.choices[0].message.role, 'assistant');
  assert.equal(typeof text, 'string');
  assert.ok(text.length > 0, 'some text');
  assert.equal(chat.choices[0].finish_reason, 'length');
  assert.equal(chat.usage.completion_tokens, 8);
  assert.ok(chat.usage.prompt_tokens > 0);
  assert.equal(chat.usage.total_tokens, chat.usage.prompt_tokens + chat.usage.completion_tokens);
});

await check('the same seed gives the same chat answer', async () => {
  const again = await client.chat.completions.create(chatRequest);
  assert.equal(again.choices[0].message.content, text);
});

await check('streamed chat: deltas joined equal the whole answer, then finish_reason and usage', async () => {
  const stream = await client.chat.completions.create({
    ...chatRequest, stream: true, stream_options: { include_usage: true },
  });
  let joined = '';
  let role = null;
  let finish = null;
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    chunks++;
    if (chunk.usage) {
      usage = chunk.usage;
    }
    for (const choice of chunk.choices) {
      role ??= choice.delta.role ?? null;
      joined += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
    }
  }
  assert.equal(role, 'assistant');
  assert.equal(joined, text);
  assert.equal(finish, 'length');
  assert.ok(chunks >= 2, `more than one chunk (got ${chunks})`);
  assert.deepEqual(usage, chat.usage);
});

await check('a stop string ends the answer before it, finish_reason stop', async () => {
  // A piece from inside the seeded answer: the same seed reaches it again, and the answer ends just before it.
  const stop = [...text].slice(2, 4).join('');
  const stopped = await client.chat.completions.create({ ...chatRequest, stop: [stop] });
  assert.equal(stopped.choices[0].finish_reason, 'stop');
  assert.equal(stopped.choices[0].message.content, text.slice(0, text.indexOf(stop)));
});

await check('text completion from text and from token ids: object, finish_reason, usage', async () => {
  const completion = await client.completions.create({
    model, prompt: 'The quick brown fox', max_tokens: 6, temperature: 0.8, seed: 7, ignore_eos: true,
  });
  assert.equal(completion.object, 'text_completion');
  assert.equal(completion.choices[0].finish_reason, 'length');
  assert.equal(typeof completion.choices[0].text, 'string');
  assert.equal(completion.usage.completion_tokens, 6);
  assert.ok(completion.usage.prompt_tokens > 0);
  const fromIds = await client.completions.create({ model, prompt: [1, 2, 3], max_tokens: 2, ignore_eos: true });
  assert.equal(fromIds.usage.prompt_tokens, 3);
  assert.equal(fromIds.usage.completion_tokens, 2);
});

await check('a field out of range is a BadRequestError (400) naming it', async () => {
  await assert.rejects(client.chat.completions.create({ ...chatRequest, max_tokens: -1 }), (e) => {
    assert.ok(e instanceof BadRequestError, `a BadRequestError, got ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(e instanceof APIError);
    assert.equal(e.status, 400);
    assert.equal(e.param, 'max_tokens');
    assert.equal(e.type, 'invalid_request_error');
    return true;
  });
});

await check('an unknown model is a NotFoundError (404)', async () => {
  await assert.rejects(client.chat.completions.create({ ...chatRequest, model: 'no-such-model' }), (e) => {
    assert.ok(e instanceof NotFoundError, `a NotFoundError, got ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.status, 404);
    return true;
  });
});

console.log(JSON.stringify({ passed: checks.length, model }));
