// apps/web/e2e/pages/index.ts
export { BasePage } from './base.page';
export { DashboardPage } from './dashboard.page';
export { ApprovalPage } from './approval.page';
