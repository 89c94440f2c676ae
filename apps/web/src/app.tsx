import { Link, type Route, useRoute } from './lib/router.tsx';
import { BulkListPage, BulkOperationPage } from './pages/bulk-pages.tsx';
import { ConversationPage } from './pages/conversation-page.tsx';
import { ConversationsPage } from './pages/conversations-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';

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
  const section =
    route.name === 'overview'
      ? 'overview'
      : route.name.startsWith('bulk')
        ? 'bulk'
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
        </nav>
      </header>
      <main id="main" className="app-main">
        <Page route={route} />
      </main>
    </div>
  );
}
