import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: ['./src/audit-table.ts', './src/outbox-table.ts'], out: './drizzle' });
