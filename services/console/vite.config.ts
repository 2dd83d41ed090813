import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the operator API from `/` on its own origin, so every call is a relative `/v1/...`.
// In development, `KINDLY_OPERATOR_URL` names the API that `vite` forwards `/v1` to.
export default defineConfig({
  base: '/',
  plugins: [react()],
  // npm hoists a React 19 to the root for other packages' peers: one React, this workspace's 18.
  resolve: { dedupe: ['react', 'react-dom'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and ECharts are large by nature; the console is an internal tool on a fast network.
    chunkSizeWarningLimit: 3000,
  },
  server: {
    proxy: { '/v1': process.env['KINDLY_OPERATOR_URL'] ?? 'http://127.0.0.1:8070' },
  },
});
