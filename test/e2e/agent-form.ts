import type { Locator } from 'playwright-core';

/** Fills the agent settings form inside `scope` (a dialog, the batch panel) for the OpenAI-compatible stand-in. */
export async function chooseStandin(scope: Locator, baseUrl: string, apiKey?: string): Promise<void> {
  await scope.getByLabel('Agent', { exact: true }).selectOption('openai');
  await scope.getByLabel('Provider').selectOption('custom');
  await scope.getByLabel('Endpoint URL').fill(baseUrl);
  await scope.getByLabel('Model').fill('standin-coder');
  if (apiKey) await scope.getByLabel(/API key/).fill(apiKey);
}
