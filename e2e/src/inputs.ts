/** Inputs of writes that succeed on the seeded programme, for tests that need many of them. */

/** A valid tariff of China Telecom Chongqing (a carrier of the seed), under a new id. */
export const tariffInput = (id: string) => ({
  id,
  carrierId: 'china-telecom-chongqing',
  product: 'Fault drill line',
  bandwidthMbps: 100,
  standardMonthlyPriceCny: '1000.00',
  oneTimeChargeCny: '0.00',
  commitmentMonths: 12,
  validFrom: '2015-08-01',
});
