import { bashTool, submitTool, thinkTool } from './basic-tools';
import { editorTool } from './editor-tool';
import { checkArgs } from './schema';
import { ToolError, type Tool, type ToolContext, type ToolLookup } from './tool';
import { DEFAULT_TRUNCATE, truncateObservation, type TruncateLimits } from './truncate';

/**
 * The one registry of actions. Running a tool through it never throws: an unknown tool, bad arguments, a refusal
 * or a bug all come back as an `ERROR:` observation with `error: true`, because a player (person or model) must be
 * able to read what went wrong and carry on. Sandboxes add their `run` tool with `register`. Its tools also carry
 * what every consumer needs (action kind, summary, typed form, prompt lines): the prompt, the terminal, the
 * episode record, the metrics and the step lists read them here, so a tool is added in one place.
 */

export interface ToolOutcome {
  observation: string;
  error: boolean;
  /** The tool ends the episode (submit) and ran without error. */
  ends: boolean;
}

/** A tool in the shape chat-completions APIs take (`tools: [...]`). */
export interface FunctionToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Tool['parameters'] };
}

export class ToolRegistry implements ToolLookup {
  private readonly tools = new Map<string, Tool>();

  constructor(
    tools: readonly Tool[] = STANDARD_TOOLS,
    private readonly limits: TruncateLimits = DEFAULT_TRUNCATE,
  ) {
    for (const t of tools) this.register(t);
  }

  register(tool: Tool): void {
    this.tools.set(tool.name, tool);
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name);
  }

  list(): Tool[] {
    return [...this.tools.values()];
  }

  functionSpecs(): FunctionToolSpec[] {
    return this.list().map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
  }

  async run(name: string, args: unknown, ctx: ToolContext): Promise<ToolOutcome> {
    const tool = this.tools.get(name);
    const error = (message: string): ToolOutcome => ({ observation: truncateObservation(`ERROR:\n${message}`, this.limits), error: true, ends: false });
    if (!tool) return error(`Unknown tool \`${name}\`. The tools are: ${[...this.tools.keys()].join(', ')}.`);
    const checked = checkArgs(tool.name, tool.parameters, args);
    if (!checked.ok) return error(checked.error);
    try {
      const observation = await tool.run(checked.args, ctx);
      return { observation: truncateObservation(observation, this.limits), error: false, ends: tool.ends === true };
    } catch (err) {
      if (err instanceof ToolError) return error(err.message);
      return error(`${tool.name} failed unexpectedly: ${(err as Error).message ?? String(err)}`);
    }
  }
}

export const STANDARD_TOOLS: readonly Tool[] = [bashTool, editorTool, thinkTool, submitTool];

/** The standard tools, for consumers given no episode's registry (a stored trajectory, an imported record). */
export const standardTools: ToolLookup = new ToolRegistry();
