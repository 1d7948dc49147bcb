import { useEffect } from 'react';
import { PROVIDER_PRESETS, presetById, type ProviderId } from '../../core/llm/presets';
import { useAgentSettings } from '../../store/agent-settings';
import { AGENT_PROVIDERS, agentProvider, type AgentId } from '../../core/agents/providers';

/** Which agent plays: the offline baseline or an OpenAI-compatible endpoint, with each provider's set-up notes. */
export function AgentSettingsForm() {
  const s = useAgentSettings();
  useEffect(() => {
    void s.load();
  }, [s.load]); // eslint-disable-line react-hooks/exhaustive-deps
  const preset = presetById(s.provider);
  return (
    <div className="stack" role="group" aria-label="Agent settings">
      <label>
        Agent
        <select aria-label="Agent" value={s.kind} onChange={(e) => s.update({ kind: e.target.value as AgentId })}>
          {AGENT_PROVIDERS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {!agentProvider(s.kind)?.needsEndpoint ? (
        <p className="muted">
          The baseline uses only the player's tools: it searches definitions for the description, reads candidates, and comments above the definitions it finds
          by name. A floor to beat.
        </p>
      ) : (
        <>
          <label>
            Provider
            <select
              aria-label="Provider"
              value={s.provider}
              onChange={(e) => {
                const p = presetById(e.target.value as ProviderId);
                s.update({ provider: p.id, baseUrl: p.baseUrl, model: p.exampleModel });
              }}
            >
              {PROVIDER_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small-note">{preset.notes}</p>
          <label>
            Endpoint URL
            <input type="url" value={s.baseUrl} onChange={(e) => s.update({ baseUrl: e.target.value })} spellCheck={false} />
          </label>
          <label>
            Model
            <input type="text" value={s.model} onChange={(e) => s.update({ model: e.target.value })} spellCheck={false} />
          </label>
          <label>
            Actions
            <select aria-label="Action format" value={s.actionFormat} onChange={(e) => s.update({ actionFormat: e.target.value as typeof s.actionFormat })}>
              <option value="auto">Native tool calls, plain text if refused</option>
              <option value="native">Native tool calls</option>
              <option value="text">Plain-text actions (models without tool calling)</option>
            </select>
          </label>
          <label>
            API key {preset.needsKey ? '' : '(optional)'}
            <input type="password" autoComplete="off" value={s.apiKey} onChange={(e) => s.update({ apiKey: e.target.value })} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={s.rememberKey} onChange={(e) => s.update({ rememberKey: e.target.checked })} />
            Remember the key in this browser (otherwise it is forgotten when the page closes)
          </label>
        </>
      )}
    </div>
  );
}
