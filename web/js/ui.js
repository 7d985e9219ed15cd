// Reusable pieces of the interface, one module per concern under ui/: announcements and page
// states (feedback.js), forms (forms.js), dialogs (dialogs.js), tables and paged lists (lists.js).
// Pages import them from here.

export * from './ui/feedback.js';
export * from './ui/forms.js';
export * from './ui/dialogs.js';
export * from './ui/lists.js';
