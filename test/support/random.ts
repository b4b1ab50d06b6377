/** mulberry32, the domain's seeded PRNG: a benchmark is comparable and a failing fuzz case can be replayed. */
export { seededRandom } from '../../nodes/shared/targeting/simulate';
