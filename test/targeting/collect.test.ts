import { RecipientCollector, sharedReason } from '../../nodes/shared/targeting/collect';
import { PhoneSlots } from '../../nodes/shared/targeting/phones';

describe('PhoneSlots', () => {
	it('gives each distinct phone one slot, E.164 or not, never mixing two strings', () => {
		const slots = new PhoneSlots();
		const phones = ['+33612345678', '+33612345679', '+033612345678', '0612345678', '+33612345678', 'x', '0612345678'];
		expect(phones.map((p) => slots.slotOf(p))).toEqual([0, 1, 2, 3, 0, 4, 3]);
		for (let i = 0; i < 5000; i++) slots.slotOf(`+3361${String(i).padStart(7, '0')}`);
		expect(slots.slotOf('+33610000042')).toBe(5 + 42);
		expect(slots.size).toBe(5005);
	});
});

describe('RecipientCollector', () => {
	it('shares frozen reasons arrays between recipients, copying one before it changes', () => {
		const collector = new RecipientCollector(['a', 'b']);
		const a = sharedReason('a', 'departement 63');
		const b = sharedReason('b', 'commune 63113');
		collector.add(a, { siret: '1', name: 'One', communeInsee: '63113' }, '+33600000001');
		collector.add(a, { siret: '2', name: 'Two', communeInsee: '63113' }, '+33600000002');
		collector.add(b, { siret: '2', name: 'Two', communeInsee: '63113' }, '+33600000002');
		collector.add(a, { siret: '3', name: 'Three', communeInsee: '63113' }, '+33600000003');
		collector.add(b, { siret: '3', name: 'Three', communeInsee: '63113' }, '+33600000003');
		collector.add({ rule: 'a', area: 'radius 1 km', distanceKm: 0.4 }, { siret: '1', name: 'One', communeInsee: '63113' }, '+33600000001');
		collector.add({ rule: 'a', area: 'radius 1 km', distanceKm: 0.2 }, { siret: '1', name: 'One', communeInsee: '63113' }, '+33600000001');
		const [one, two, three] = collector.result().recipients;
		expect(two.reasons).toEqual([a, b]);
		// Same reasons arriving in the same order: one shared array, built once.
		expect(three.reasons).toBe(two.reasons);
		expect(Object.isFrozen(two.reasons)).toBe(true);
		expect(one.reasons).toEqual([a, { rule: 'a', area: 'radius 1 km', distanceKm: 0.2 }]);
		expect(Object.isFrozen(one.reasons)).toBe(false);
	});
});
