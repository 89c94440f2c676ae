import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, type Route, useRoute } from './lib/router.tsx';
import { signOut, useCurrentUser } from './lib/session.ts';
import { navigate } from './lib/url-state.ts';
import { AccountPage } from './pages/account-page.tsx';
import { BulkListPage, BulkOperationPage } from './pages/bulk-pages.tsx';
import { ConversationPage } from './pages/conversation-page.tsx';
import { ConversationsPage } from './pages/conversations-page.tsx';
import { ExportsPage } from './pages/exports-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'conversations':
      return <ConversationsPage />;
    case 'conversation':
      return <ConversationPage key={route.id} id={route.id} />;
    case 'overview':
      return <OverviewPage />;
    case 'bulk-list':
      return <BulkListPage />;
    case 'bulk':
      return <BulkOperationPage key={route.id} id={route.id} />;
    case 'account':
      return <AccountPage />;
    case 'exports':
      return <ExportsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return (
        <section className="empty-state">
          <h1>Page not found</h1>
          <Link href="/">Go to conversations</Link>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const signedOut = me.isSuccess && me.data === null;

  // Signed out: every page but the login page sends you there, and back afterwards.
  useEffect(() => {
    if (signedOut && route.name !== 'login') {
      navigate(
        `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
        { replace: true },
      );
    }
  }, [signedOut, route.name]);

  if (me.isPending) return <p className="loading app-main">Loading…</p>;
  if (route.name === 'login' || signedOut) return <LoginPage />;

  const section = route.name.startsWith('bulk')
    ? 'bulk'
    : ['overview', 'account', 'exports', 'settings'].includes(route.name)
      ? route.name
      : 'conversations';
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link className="brand" href="/">
          <span aria-hidden="true">◆</span> Refinery
        </Link>
        <nav aria-label="Main">
          <Link href="/overview" aria-current={section === 'overview' ? 'page' : undefined}>
            Overview
          </Link>
          <Link href="/" aria-current={section === 'conversations' ? 'page' : undefined}>
            Conversations
          </Link>
          <Link href="/bulk" aria-current={section === 'bulk' ? 'page' : undefined}>
            Bulk operations
          </Link>
          <Link href="/exports" aria-current={section === 'exports' ? 'page' : undefined}>
            Exports
          </Link>
          <Link href="/settings" aria-current={section === 'settings' ? 'page' : undefined}>
            Settings
          </Link>
          <Link href="/account" aria-current={section === 'account' ? 'page' : undefined}>
            Account
          </Link>
        </nav>
        <span className="whoami">
          {me.data?.email} · {me.data?.role}
          <button
            type="button"
            className="button secondary small"
            onClick={async () => {
              await signOut();
              queryClient.clear();
              navigate('/login', { replace: true });
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <main id="main" className="app-main">
        <Page route={route} />
      </main>
    </div>
  );
}
