import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs separately (`pnpm dev`); the dev server forwards API calls.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/api': 'http://127.0.0.1:3000',
    },
  },
  build: { sourcemap: true, chunkSizeWarningLimit: 800 },
});
