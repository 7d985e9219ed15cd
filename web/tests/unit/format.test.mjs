// Unit tests of web/js/format.js: money and dates as a person in Argentina reads them.
// Run: node --test web/tests/unit/
//
// format.js builds its Intl.DateTimeFormat objects when it is imported, with the process's time
// zone. The panel's people are in Argentina, so the zone is pinned before the (dynamic) import;
// each test file runs in its own process, so this does not leak into other files.
process.env.TZ = 'America/Argentina/Buenos_Aires';

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

const { formatMoney, parseMoneyInput, moneyInputValue, formatDate, formatDateTime, USER_STATUS, trialText, seatsText, webhookEventsText, endpointState, pingResultText } =
  await import('../../js/format.js');

const ars = (amount) => ({ amount, currency: 'ARS' });

describe('formatMoney: integer centavos in es-AR ("$ 1.234,56")', () => {
  const cases = [
    [0, '$ 0,00'],
    [1, '$ 0,01'],
    [99, '$ 0,99'],
    [100, '$ 1,00'],
    [99999, '$ 999,99'],
    [100000, '$ 1.000,00'],
    [123456, '$ 1.234,56'],
    [1250000, '$ 12.500,00'],
    [100000000, '$ 1.000.000,00'],
    [1000000000000, '$ 10.000.000.000,00'],
  ];
  for (const [amount, shown] of cases) {
    test(`${amount} centavos read "${shown}"`, () => {
      assert.equal(formatMoney(ars(amount)), shown);
    });
  }

  test('negative amounts (discounts, credits) carry the minus before the sign', () => {
    assert.equal(formatMoney(ars(-250000)), '-$ 2.500,00');
    assert.equal(formatMoney(ars(-123456)), '-$ 1.234,56');
    assert.equal(formatMoney(ars(-1)), '-$ 0,01');
  });

  test('no floating point: the largest safe integer keeps every digit', () => {
    assert.equal(formatMoney(ars(Number.MAX_SAFE_INTEGER)), '$ 90.071.992.547.409,91');
  });

  test("agrees with ICU's es-AR currency format (apart from ICU's no-break space)", () => {
    const icu = new Intl.NumberFormat('es-AR', { style: 'currency', currency: 'ARS' });
    for (const amount of [0, 5, 123456, -250000, 1000000000000]) {
      assert.equal(formatMoney(ars(amount)), icu.format(amount / 100).replace(/\u00a0/g, ' '), `amount ${amount}`);
    }
  });

  test('a missing currency is pesos; another currency shows its code', () => {
    assert.equal(formatMoney({ amount: 123456 }), '$ 1.234,56');
    assert.equal(formatMoney({ amount: 123456, currency: 'USD' }), 'USD 1.234,56');
  });

  test('anything that is not integer minor units shows a dash, never NaN or undefined', () => {
    for (const money of [null, undefined, {}, { amount: 1.5 }, { amount: '100' }, { amount: NaN }, { amount: null }]) {
      assert.equal(formatMoney(money), '—', JSON.stringify(money));
    }
  });
});

describe('parseMoneyInput: what a person types, to centavos', () => {
  const accepted = [
    ['1.234,5', 123450],
    ['1.234,56', 123456],
    ['12.500,50', 1250050],
    ['12500,5', 1250050],
    ['12500,50', 1250050],
    ['12500.50', 1250050],
    ['12.5', 1250],
    ['1.234', 123400], // a dot followed by three digits is the es-AR thousands separator
    ['12.500', 1250000],
    ['$ 12500', 1250000],
    ['$12.500', 1250000],
    ['$ 1.234,56', 123456], // what formatMoney shows reads back
    ['  1.234,56  ', 123456],
    ['0', 0],
    ['0,01', 1],
    ['0,5', 50],
    ['10.000.000.000,00', 1000000000000],
  ];
  for (const [typed, centavos] of accepted) {
    test(`"${typed}" is ${centavos} centavos`, () => {
      assert.equal(parseMoneyInput(typed), centavos);
    });
  }

  test('an empty field is null (no amount), not zero', () => {
    for (const empty of ['', '   ', '$', null, undefined]) assert.equal(parseMoneyInput(empty), null, JSON.stringify(empty));
  });

  const refused = [
    'abc',
    '-100', // negative amounts are not typed
    '-$ 2.500,00',
    '1,234.56', // US style
    '1.2345',
    '1.23.456',
    '1.234,567', // three decimals
    '12,345',
    ',5',
    '12500,',
    '1e3',
    '12.500,50,00',
  ];
  for (const typed of refused) {
    test(`"${typed}" is refused (NaN)`, () => {
      assert.ok(Number.isNaN(parseMoneyInput(typed)), `got ${parseMoneyInput(typed)}`);
    });
  }
});

describe('moneyInputValue: centavos back into an editable field', () => {
  test('writes a comma before the centavos and no thousands separator', () => {
    assert.equal(moneyInputValue(ars(1250050)), '12500,50');
    assert.equal(moneyInputValue(ars(0)), '0,00');
    assert.equal(moneyInputValue(ars(5)), '0,05');
    assert.equal(moneyInputValue(ars(100)), '1,00');
    assert.equal(moneyInputValue(ars(1000000000000)), '10000000000,00');
    assert.equal(moneyInputValue(ars(-150)), '-1,50');
  });

  test('what it writes, parseMoneyInput reads back to the same centavos', () => {
    for (const amount of [0, 1, 50, 99, 100, 123456, 1250050, 1000000000000]) {
      assert.equal(parseMoneyInput(moneyInputValue(ars(amount))), amount, `amount ${amount}`);
    }
  });

  test('no amount leaves the field empty', () => {
    assert.equal(moneyInputValue(null), '');
    assert.equal(moneyInputValue({ amount: 1.5 }), '');
  });

  test(
    'a negative amount under one peso keeps its minus sign',
    () => {
      assert.equal(moneyInputValue(ars(-5)), '-0,05');
      assert.equal(moneyInputValue(ars(-99)), '-0,99');
    },
  );
});

describe('dates in es-AR, in Argentina (UTC−3)', () => {
  test('formatDate writes the day the long way: "7 de diciembre de 2026"', () => {
    assert.equal(formatDate('2026-12-07T15:00:00Z'), '7 de diciembre de 2026');
    assert.equal(formatDate('2025-11-25T12:42:00Z'), '25 de noviembre de 2025');
    assert.equal(formatDate('2026-01-01T12:00:00Z'), '1 de enero de 2026');
  });

  test('every month has its Spanish name, in lower case', () => {
    const months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
    months.forEach((name, i) => {
      const iso = `2026-${String(i + 1).padStart(2, '0')}-15T15:00:00Z`;
      assert.equal(formatDate(iso), `15 de ${name} de 2026`);
    });
  });

  test('the day is the one in Argentina, not in UTC', () => {
    // 02:00 UTC on the 7th is 23:00 on the 6th in Buenos Aires.
    assert.equal(formatDate('2026-12-07T02:00:00Z'), '6 de diciembre de 2026');
    assert.equal(formatDateTime('2026-12-07T02:00:00Z'), '06/12/2026, 23:00');
    assert.equal(formatDate('2026-12-07T23:30:00-03:00'), '7 de diciembre de 2026');
  });

  test('formatDateTime: day/month/year and a 24-hour clock', () => {
    assert.equal(formatDateTime('2025-11-25T12:42:00Z'), '25/11/2025, 09:42');
    assert.equal(formatDateTime('2026-12-07T18:05:00Z'), '07/12/2026, 15:05');
    assert.equal(formatDateTime('2026-01-01T03:00:00Z'), '01/01/2026, 00:00'); // midnight is 00:00, not 24:00
  });

  test('fractional seconds and offsets of RFC 3339 are read', () => {
    assert.equal(formatDateTime('2026-12-07T12:00:00.123456Z'), '07/12/2026, 09:00');
    assert.equal(formatDateTime('2026-12-07T12:00:00.123456789Z'), '07/12/2026, 09:00');
    assert.equal(formatDateTime('2026-12-07T12:00:00+00:00'), '07/12/2026, 09:00');
  });

  test('no date or a broken one shows a dash', () => {
    for (const bad of ['', null, undefined, 'garbage', '2026-13-01T00:00:00Z']) {
      assert.equal(formatDate(bad), '—', JSON.stringify(bad));
      assert.equal(formatDateTime(bad), '—', JSON.stringify(bad));
    }
  });
});

describe("the API's words in Spanish", () => {
  test('both not-yet-active user states read "NO ACTIVO"', () => {
    assert.equal(USER_STATUS.pending_activation.label, 'NO ACTIVO');
    assert.equal(USER_STATUS.activation_expired.label, 'NO ACTIVO');
    assert.equal(USER_STATUS.activation_expired.note, 'el enlace venció');
    assert.equal(USER_STATUS.active.label, 'Activo');
  });

  test('trials and seats agree in number', () => {
    assert.equal(trialText(1), 'Prueba gratis 1 día');
    assert.equal(trialText(30), 'Prueba gratis 30 días');
    assert.equal(trialText(0), null);
    assert.equal(seatsText(1), '1 asiento');
    assert.equal(seatsText(0), '0 asientos');
    assert.equal(seatsText(3), '3 asientos');
  });
});

describe("a vendor's webhook endpoints in words", () => {
  test('events: "*" is every one, the others by their Spanish name', () => {
    assert.deepEqual(webhookEventsText(['*']), ['Todos los eventos']);
    assert.deepEqual(webhookEventsText(['subscription.created', 'subscription.changed', 'subscription.cancelled']), ['Suscripción creada', 'Suscripción modificada', 'Suscripción cancelada']);
    assert.deepEqual(webhookEventsText(['licence.assigned', 'licence.released', 'user.updated']), ['Licencia asignada', 'Licencia liberada', 'Usuario actualizado']);
    assert.deepEqual(webhookEventsText(undefined), []);
  });

  test('state: on, or off and why', () => {
    assert.deepEqual(endpointState({ enabled: true }), { label: 'Activo', tone: 'ok' });
    assert.deepEqual(endpointState({ enabled: false, disabled_reason: 'gone' }), { label: 'Desactivado', tone: 'bad', note: 'el endpoint respondió 410' });
    assert.deepEqual(endpointState({ enabled: false, disabled_reason: 'manual' }), { label: 'Desactivado', tone: 'warn', note: 'lo desactivaste vos' });
    assert.equal(endpointState({ enabled: false }).note, undefined);
  });

  test('a ping: its status and time, or why there was no answer', () => {
    assert.deepEqual(pingResultText({ status_code: 200, duration_ms: 35, ok: true }), { label: 'Respondió 200 en 35 ms', tone: 'ok' });
    assert.deepEqual(pingResultText({ status_code: 204, duration_ms: 1234, ok: true }), { label: 'Respondió 204 en 1.234 ms', tone: 'ok' });
    assert.equal(pingResultText({ status_code: 500, duration_ms: 80, ok: false }).label, 'Respondió 500 en 80 ms: solo una respuesta 2xx cuenta como recibido.');
    assert.match(pingResultText({ status_code: 410, duration_ms: 3, ok: false }).label, /^Respondió 410 en 3 ms: el endpoint pidió no recibir más eventos/);
    assert.match(pingResultText({ status_code: 301, duration_ms: 3, ok: false }).label, /^Respondió 301 en 3 ms: es una redirección/);
    assert.deepEqual(pingResultText({ status_code: null, duration_ms: 5000, ok: false, error: 'no answer within 5000 ms' }), { label: 'No respondió: no contestó en 5.000 ms.', tone: 'bad' });
    assert.equal(pingResultText({ status_code: null, duration_ms: 2, ok: false, error: 'connection refused or unreachable' }).label, 'No respondió: la conexión fue rechazada o no se llega a la dirección.');
    assert.equal(pingResultText({ status_code: null, duration_ms: 2, ok: false, error: 'tls handshake' }).label, 'No respondió: tls handshake.');
    assert.equal(pingResultText({ status_code: null, duration_ms: 2, ok: false }).label, 'No respondió.');
  });
});
