import { ConversationsPage } from './pages/conversations-page.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href="/">
          <span aria-hidden="true">◆</span> Refinery
        </a>
        <nav aria-label="Main">
          <a href="/" aria-current="page">
            Conversations
          </a>
        </nav>
      </header>
      <main className="app-main">
        <ConversationsPage />
      </main>
    </div>
  );
}
