// Turns the API's problem documents (RFC 9457, keyed on `code`) into words a person understands.

const MESSAGES = {
  validation_failed: 'Revisá los datos marcados.',
  unauthorized: 'Tu sesión terminó. Ingresá de nuevo.',
  invalid_credentials: 'El email o la contraseña no son correctos.',
  account_not_active: 'Tu cuenta todavía no está activa. Seguí el enlace que te enviamos por email, o pedí uno nuevo con «Restablecer contraseña».',
  forbidden: 'Tu usuario no tiene permiso para hacer esto.',
  not_found: 'No encontramos lo que buscás: puede que ya no exista.',
  email_taken: 'Ya existe una cuenta con ese email.',
  last_admin: 'La empresa se quedaría sin administrador.',
  last_operator: 'Cloud Store se quedaría sin operadores: habilitá o creá otro operador antes.',
  no_seats_available: 'No quedan asientos libres en esta suscripción. Sumá asientos o liberá una licencia.',
  seats_in_use: 'Hay más licencias asignadas que esa cantidad de asientos. Liberá licencias primero.',
  already_decided: 'Este pedido ya fue aprobado o rechazado.',
  idempotency_conflict: 'Este pedido ya se había enviado con otros datos. Revisá el carrito y volvé a intentar.',
  token_invalid: 'El enlace no es válido o ya se usó.',
  token_expired: 'El enlace venció.',
  coupon_invalid: 'Ese cupón no existe o ya no está vigente.',
  coupon_expired: 'El cupón no es válido en esta fecha.',
  coupon_exhausted: 'El cupón ya se usó todas las veces permitidas.',
  coupon_already_used: 'Tu empresa ya usó este cupón.',
  coupon_not_applicable: 'El cupón no aplica a esta compra: revisá los productos, el monto mínimo o si es solo para la primera compra.',
  spend_limit_exceeded: 'La compra supera el límite de gasto de la empresa (diario o de 30 días).',
  price_changed: 'El precio cambió desde que viste el total. Revisá el total nuevo y confirmá de nuevo.',
  conflict: 'Otra persona cambió esto al mismo tiempo. Volvé a intentar.',
  method_not_allowed: 'El servidor no admite esta operación.',
  network: 'No pudimos conectar con el servidor. Revisá tu conexión y volvé a intentar.',
};

// Codes whose `detail` from the API explains the situation better than a fixed sentence.
const PREFER_DETAIL = new Set(['last_admin']);

/**
 * The form field a code is about when the API sends no `errors` list for it; the first of the
 * candidates that the form has gets the message.
 */
export const CODE_FIELDS = {
  email_taken: ['email', 'admin.email'],
  coupon_invalid: ['coupon_code'],
  coupon_expired: ['coupon_code'],
  coupon_exhausted: ['coupon_code'],
  coupon_already_used: ['coupon_code'],
  coupon_not_applicable: ['coupon_code'],
  seats_in_use: ['seats'],
  endpoint_not_allowed: ['url'],
};

/** One sentence for a person, whatever went wrong. */
export function describeError(err) {
  if (!err) return 'Algo salió mal.';
  if (err.code === 'too_many_attempts') {
    const wait = err.retryAfter ? waitText(err.retryAfter) : 'unos minutos';
    return `Demasiados intentos seguidos. Esperá ${wait} y volvé a intentar.`;
  }
  if (PREFER_DETAIL.has(err.code) && err.detail) return err.detail;
  if (MESSAGES[err.code]) return MESSAGES[err.code];
  if (err.status >= 500) return 'El servidor tuvo un problema. Intentá de nuevo en unos minutos.';
  return err.detail || err.title || 'Algo salió mal. Volvé a intentar.';
}

function waitText(seconds) {
  if (seconds < 60) return seconds === 1 ? '1 segundo' : `${seconds} segundos`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}
