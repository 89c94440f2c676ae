import { useCurrentUser } from '../lib/session.ts';
import { useSearchParams } from '../lib/url-state.ts';
import { ProfilesPanel } from './settings/profiles-panel.tsx';
import { RuleSetsPanel } from './settings/rule-sets-panel.tsx';
import { WebhooksPanel } from './settings/webhooks-panel.tsx';

const TABS = [
  ['rules', 'Rule sets'],
  ['profiles', 'Enrichment profiles'],
  ['webhooks', 'Webhooks'],
] as const;
type Tab = (typeof TABS)[number][0];

/** Configuration: everyone reads rule sets and profiles; admins edit them and the webhooks. */
export function SettingsPage() {
  const me = useCurrentUser();
  const isAdmin = me.data?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const visible = TABS.filter(([key]) => key !== 'webhooks' || isAdmin);
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = visible.some(([key]) => key === requested) ? requested! : 'rules';
  return (
    <section aria-labelledby="settings-heading">
      <div className="page-heading">
        <h1 id="settings-heading">Settings</h1>
        {!isAdmin && <p className="muted">Read-only: only admins change configuration.</p>}
      </div>
      <div className="tabs" role="tablist" aria-label="Settings">
        {visible.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === key}
            onClick={() => setParams((next) => next.set('tab', key))}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'rules' && <RuleSetsPanel canEdit={isAdmin} />}
        {tab === 'profiles' && <ProfilesPanel canEdit={isAdmin} />}
        {tab === 'webhooks' && isAdmin && <WebhooksPanel />}
      </div>
    </section>
  );
}
