// Unit tests of web/js/errors.js: each problem `code` of docs/api.md in words a person understands.
// Run: node --test web/tests/unit/

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { CODE_FIELDS, describeError } from '../../js/errors.js';

// An ApiError as api.js builds it from a problem+json answer. The API's own `detail` is English
// here on purpose: a mapped code must show the panel's Spanish sentence, not the detail.
const problem = (code, status, extra = {}) => ({ code, status, title: 'Some title', detail: 'Some English detail', ...extra });

describe('describeError: the codes of docs/api.md', () => {
  // [code, status from docs/api.md, the sentence a person reads]
  const documented = [
    ['validation_failed', 400, 'Revisá los datos marcados.'],
    ['unauthorized', 401, 'Tu sesión terminó. Ingresá de nuevo.'],
    ['invalid_credentials', 401, 'El email o la contraseña no son correctos.'],
    ['account_not_active', 403, 'Tu cuenta todavía no está activa. Seguí el enlace que te enviamos por email, o pedí uno nuevo con «Restablecer contraseña».'],
    ['forbidden', 403, 'Tu usuario no tiene permiso para hacer esto.'],
    ['not_found', 404, 'No encontramos lo que buscás: puede que ya no exista.'],
    ['email_taken', 409, 'Ya existe una cuenta con ese email.'],
    ['last_operator', 409, 'Cloud Store se quedaría sin operadores: habilitá o creá otro operador antes.'],
    ['no_seats_available', 409, 'No quedan asientos libres en esta suscripción. Sumá asientos o liberá una licencia.'],
    ['seats_in_use', 409, 'Hay más licencias asignadas que esa cantidad de asientos. Liberá licencias primero.'],
    ['already_decided', 409, 'Este pedido ya fue aprobado o rechazado.'],
    ['idempotency_conflict', 422, 'Este pedido ya se había enviado con otros datos. Revisá el carrito y volvé a intentar.'],
    ['token_invalid', 400, 'El enlace no es válido o ya se usó.'],
    ['token_expired', 410, 'El enlace venció.'],
    ['coupon_invalid', 422, 'Ese cupón no existe o ya no está vigente.'],
    ['coupon_expired', 422, 'El cupón no es válido en esta fecha.'],
    ['coupon_exhausted', 422, 'El cupón ya se usó todas las veces permitidas.'],
    ['coupon_already_used', 422, 'Tu empresa ya usó este cupón.'],
    ['coupon_not_applicable', 422, 'El cupón no aplica a esta compra: revisá los productos, el monto mínimo o si es solo para la primera compra.'],
    ['spend_limit_exceeded', 422, 'La compra supera el límite de gasto de la empresa (diario o de 30 días).'],
    ['price_changed', 409, 'El precio cambió desde que viste el total. Revisá el total nuevo y confirmá de nuevo.'],
    // From "Where this contract differs from the original brief":
    ['method_not_allowed', 405, 'El servidor no admite esta operación.'],
    ['conflict', 409, 'Otra persona cambió esto al mismo tiempo. Volvé a intentar.'],
  ];
  for (const [code, status, sentence] of documented) {
    test(`${code} (${status})`, () => {
      assert.equal(describeError(problem(code, status)), sentence);
    });
  }

  test("last_admin shows the API's detail, which names the two ways out", () => {
    const detail = 'Es el último administrador: nombrá a otro administrador o pedí la baja de la cuenta.';
    assert.equal(describeError(problem('last_admin', 409, { detail })), detail);
  });

  test('last_admin without a detail still explains', () => {
    assert.equal(describeError(problem('last_admin', 409, { detail: undefined })), 'La empresa se quedaría sin administrador.');
  });

  describe('too_many_attempts (429) says how long to wait, from Retry-After', () => {
    const waits = [
      [30, '30 segundos'],
      [59, '59 segundos'],
      [60, '1 minuto'],
      [61, '2 minutos'],
      [120, '2 minutos'],
      [900, '15 minutos'],
    ];
    for (const [retryAfter, wait] of waits) {
      test(`Retry-After: ${retryAfter}`, () => {
        assert.equal(describeError(problem('too_many_attempts', 429, { retryAfter })), `Demasiados intentos seguidos. Esperá ${wait} y volvé a intentar.`);
      });
    }
    test('without Retry-After: "unos minutos"', () => {
      assert.equal(describeError(problem('too_many_attempts', 429)), 'Demasiados intentos seguidos. Esperá unos minutos y volvé a intentar.');
      assert.equal(describeError(problem('too_many_attempts', 429, { retryAfter: 0 })), 'Demasiados intentos seguidos. Esperá unos minutos y volvé a intentar.');
    });
    test(
      'one second is "1 segundo"',
      () => {
        assert.equal(describeError(problem('too_many_attempts', 429, { retryAfter: 1 })), 'Demasiados intentos seguidos. Esperá 1 segundo y volvé a intentar.');
      },
    );
  });

  describe('rate_limited (429) has no sentence of its own in errors.js', () => {
    // The API's real problem (shared/src/http/problem.rs) is Spanish, so the person reads it.
    const api = { title: 'Demasiados pedidos', detail: 'Se alcanzó el máximo por hora de esta acción. Volvé a intentar más tarde.', retryAfter: 1800 };
    test("the API's detail is shown, and Retry-After is not turned into a wait", () => {
      assert.equal(describeError(problem('rate_limited', 429, api)), 'Se alcanzó el máximo por hora de esta acción. Volvé a intentar más tarde.');
    });
    test('without a detail, the title', () => {
      assert.equal(describeError(problem('rate_limited', 429, { ...api, detail: undefined })), 'Demasiados pedidos');
    });
  });
});

describe('describeError: codes outside the table', () => {
  test('no error at all', () => {
    assert.equal(describeError(undefined), 'Algo salió mal.');
    assert.equal(describeError(null), 'Algo salió mal.');
  });

  test('the network failing (api.js: status 0, code "network")', () => {
    assert.equal(describeError({ status: 0, code: 'network', detail: 'fetch failed' }), 'No pudimos conectar con el servidor. Revisá tu conexión y volvé a intentar.');
  });

  test('a server error reads the same whatever its detail (no internals shown)', () => {
    assert.equal(describeError(problem('internal_error', 500)), 'El servidor tuvo un problema. Intentá de nuevo en unos minutos.');
    assert.equal(describeError({ status: 502, code: 'http_502' }), 'El servidor tuvo un problema. Intentá de nuevo en unos minutos.');
    assert.equal(describeError({ status: 503 }), 'El servidor tuvo un problema. Intentá de nuevo en unos minutos.');
  });

  test('an unknown 4xx code: its detail, else its title, else a generic sentence', () => {
    assert.equal(describeError({ status: 418, code: 'teapot', title: 'Tetera', detail: 'Soy una tetera.' }), 'Soy una tetera.');
    assert.equal(describeError({ status: 413, code: 'http_413', title: 'Demasiado grande' }), 'Demasiado grande');
    assert.equal(describeError({ status: 400, code: 'http_400' }), 'Algo salió mal. Volvé a intentar.');
  });

  test('a mapped code wins over a 5xx status', () => {
    assert.equal(describeError(problem('conflict', 503)), 'Otra persona cambió esto al mismo tiempo. Volvé a intentar.');
  });
});

describe('CODE_FIELDS: which field a code without an `errors` list is about', () => {
  test('email_taken: the email field, or the admin email of the sign-up form', () => {
    assert.deepEqual(CODE_FIELDS.email_taken, ['email', 'admin.email']);
  });

  test('every coupon problem is about the coupon code field', () => {
    for (const code of ['coupon_invalid', 'coupon_expired', 'coupon_exhausted', 'coupon_already_used', 'coupon_not_applicable']) {
      assert.deepEqual(CODE_FIELDS[code], ['coupon_code'], code);
    }
  });

  test('seats_in_use: the seats field', () => {
    assert.deepEqual(CODE_FIELDS.seats_in_use, ['seats']);
  });

  test('codes about the whole request name no field', () => {
    for (const code of ['validation_failed', 'unauthorized', 'last_admin', 'price_changed', 'spend_limit_exceeded', 'no_seats_available']) {
      assert.equal(CODE_FIELDS[code], undefined, code);
    }
  });
});
