// How amounts, dates and the API's words read in Spanish (es-AR).

/** Money of the contract ({amount: integer minor units, currency}) the Argentine way: "$ 12.500,00". */
export function formatMoney(money) {
  if (!money || !Number.isInteger(money.amount)) return '—';
  const abs = Math.abs(money.amount);
  // Integer arithmetic only: minor units never go through floating point.
  const units = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = String(abs % 100).padStart(2, '0');
  const symbol = !money.currency || money.currency === 'ARS' ? '$' : money.currency;
  return `${money.amount < 0 ? '-' : ''}${symbol} ${units},${cents}`;
}

/**
 * Reads an amount typed by a person into minor units: "12.500,50", "12500,5", "12500.50" and
 * "$ 12500" all work. Answers null for an empty text and NaN for one that is not an amount.
 */
export function parseMoneyInput(raw) {
  const text = String(raw ?? '').replace(/[\s$]/g, '');
  if (text === '') return null;
  const local = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(text); // 12.500,50
  const dotted = /^(\d+)\.(\d{1,2})$/.exec(text); // 12500.50
  const match = local ?? dotted;
  if (!match) return NaN;
  const units = Number(match[1].replace(/\./g, ''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return units * 100 + cents;
}

/** Minor units back to what parseMoneyInput reads, for editing: 1250050 → "12500,50". */
export function moneyInputValue(money) {
  if (!money || !Number.isInteger(money.amount)) return '';
  const sign = money.amount < 0 ? '-' : '';
  const abs = Math.abs(money.amount);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat('es-AR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateOnly = new Intl.DateTimeFormat('es-AR', { dateStyle: 'long' });

/** An RFC 3339 time in the person's time zone, e.g. "25/11/2025, 09:42". */
export function formatDateTime(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? dateTime.format(date) : '—';
}

/** An RFC 3339 time as a day, e.g. "25 de noviembre de 2025". */
export function formatDate(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? dateOnly.format(date) : '—';
}

export const ROLE_LABELS = {
  admin: 'Administrador',
  user: 'Usuario',
  sales_rep: 'Comercial',
  operator: 'Operador',
  vendor: 'Proveedor',
};

/** The user states the admin sees: both not-yet-active states read "NO ACTIVO", as the contract says. */
export const USER_STATUS = {
  pending_activation: { label: 'NO ACTIVO', tone: 'warn' },
  activation_expired: { label: 'NO ACTIVO', tone: 'warn', note: 'el enlace venció' },
  active: { label: 'Activo', tone: 'ok' },
  disabled: { label: 'Deshabilitado', tone: 'bad' },
};

export const ORDER_STATUS = {
  completed: { label: 'Completado', tone: 'ok' },
  pending_approval: { label: 'Pendiente de aprobación', tone: 'warn' },
  approved: { label: 'Aprobado', tone: 'ok' },
  rejected: { label: 'Rechazado', tone: 'bad' },
  expired: { label: 'Vencido', tone: 'bad' },
};

export const SUBSCRIPTION_STATUS = {
  trial: { label: 'En prueba gratis', tone: 'info' },
  active: { label: 'Activa', tone: 'ok' },
  cancellation_requested: { label: 'Baja pedida', tone: 'warn' },
  cancelled: { label: 'Cancelada', tone: 'bad' },
};

export const COMPANY_STATUS = {
  active: { label: 'Activa', tone: 'ok' },
  closed: { label: 'Cerrada', tone: 'bad' },
};

export const TERMINATION_STATUS = {
  requested: { label: 'Pedida', tone: 'warn' },
  completed: { label: 'Completada', tone: 'ok' },
};

export const COUPON_DURATION = {
  once: 'El primer mes',
  repeating: 'Varios meses',
  forever: 'Siempre',
};

/** What each audit action means, for the admin's audit trail. */
export const AUDIT_ACTIONS = {
  'user.created': 'Alta de usuario',
  'user.updated': 'Cambio de nombre',
  'user.email_changed': 'Cambio de email',
  'user.role_changed': 'Cambio de rol',
  'user.deleted': 'Baja de usuario',
  'user.password_change_requested': 'Pedido de cambio de contraseña',
  'account.termination_requested': 'Pedido de baja de la cuenta',
  'account.terminated': 'Baja de la cuenta completada',
  'staff.created': 'Alta de cuenta del equipo',
  'order.placed': 'Compra',
  'order.requested': 'Pedido del comercial',
  'order.approved': 'Pedido aprobado',
  'order.rejected': 'Pedido rechazado',
  'subscription.seats_changed': 'Cambio de asientos',
  'subscription.cancelled': 'Suscripción cancelada',
  'licence.assigned': 'Licencia asignada',
  'licence.released': 'Licencia quitada',
  'company.sales_rep_assigned': 'Comercial asignado',
  'company.spend_limits_changed': 'Cambio de límites de gasto',
  'company.updated': 'Cambio de datos de la empresa',
  'product.created': 'Alta de producto',
  'product.updated': 'Cambio de producto',
  'product.archived': 'Producto archivado',
  'coupon.created': 'Alta de cupón',
  'coupon.updated': 'Cambio de cupón',
  'staff.disabled': 'Baja de cuenta del equipo',
  'staff.enabled': 'Cuenta del equipo habilitada',
  'staff.companies_reassigned': 'Empresas pasadas a otro comercial',
  'company.onboarded': 'Alta de la cuenta por el comercial',
  'vendor.created': 'Alta de proveedor',
};

/** The families of audit actions, to filter the trail by. */
export const AUDIT_KINDS = {
  user: 'Usuarios',
  order: 'Compras y pedidos',
  subscription: 'Suscripciones',
  licence: 'Licencias',
  company: 'Empresa',
  account: 'Cuenta',
};

/** "Prueba gratis N días", or null without a trial. */
export function trialText(days) {
  return days > 0 ? `Prueba gratis ${days} ${days === 1 ? 'día' : 'días'}` : null;
}

/** "1 asiento", "3 asientos". */
export function seatsText(n) {
  return `${n} ${n === 1 ? 'asiento' : 'asientos'}`;
}

// ---- The vendor's webhook endpoints ----

/** The event types an endpoint may hear, as the vendor reads them (`"*"` is every one). */
export const WEBHOOK_EVENTS = {
  'subscription.created': 'Suscripción creada',
  'subscription.changed': 'Suscripción modificada',
  'subscription.cancelled': 'Suscripción cancelada',
  'licence.assigned': 'Licencia asignada',
  'licence.released': 'Licencia liberada',
  'user.updated': 'Usuario actualizado',
};

/** An endpoint's events in words: ["*"] → ["Todos los eventos"], otherwise each one's label. */
export function webhookEventsText(events) {
  const list = Array.isArray(events) ? events : [];
  if (list.includes('*')) return ['Todos los eventos'];
  return list.map((type) => WEBHOOK_EVENTS[type] ?? type);
}

/** Whether an endpoint is on, and if not, why: a badge entry ({label, tone, note}). */
export function endpointState(endpoint) {
  if (endpoint?.enabled) return { label: 'Activo', tone: 'ok' };
  const note = { gone: 'el endpoint respondió 410', manual: 'lo desactivaste vos' }[endpoint?.disabled_reason];
  return { label: 'Desactivado', tone: endpoint?.disabled_reason === 'gone' ? 'bad' : 'warn', note };
}

const milliseconds = new Intl.NumberFormat('es-AR', { maximumFractionDigits: 0 });

/** "35 ms", "5.000 ms". */
export function msText(ms) {
  return Number.isFinite(ms) ? `${milliseconds.format(ms)} ms` : '';
}

/** Why an endpoint did not answer, as the API says it (English) in Spanish. */
function noAnswerText(error) {
  const text = String(error ?? '').trim();
  const timeout = /^no answer within (\d+) ms$/i.exec(text);
  if (timeout) return `no contestó en ${msText(Number(timeout[1]))}`;
  if (/^connection refused or unreachable$/i.test(text)) return 'la conexión fue rechazada o no se llega a la dirección';
  return text;
}

/**
 * What a ping got, in words (`POST /vendor/endpoints/{id}/ping`): {label, tone}.
 * "Respondió 200 en 35 ms" (ok), "Respondió 500 en 80 ms: …", "No respondió: …".
 */
export function pingResultText(result) {
  const code = result?.status_code;
  if (!Number.isInteger(code)) {
    const why = noAnswerText(result?.error);
    return { label: why ? `No respondió: ${why}.` : 'No respondió.', tone: 'bad' };
  }
  const took = msText(result.duration_ms);
  const answered = `Respondió ${code}${took ? ` en ${took}` : ''}`;
  if (result.ok) return { label: answered, tone: 'ok' };
  if (code === 410) return { label: `${answered}: el endpoint pidió no recibir más eventos, así que lo desactivamos.`, tone: 'bad' };
  if (code >= 300 && code < 400) return { label: `${answered}: es una redirección, y no las seguimos. Usá la dirección final.`, tone: 'bad' };
  return { label: `${answered}: solo una respuesta 2xx cuenta como recibido.`, tone: 'bad' };
}
