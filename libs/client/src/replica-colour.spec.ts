import { REPLICA_COLOURS, replicaColour } from './replica-colour';

const POD = 'hello-demo-development-00001-deployment-7d9f8-x2x4q';
/** Red and bright red: they read as errors. */
const RED: ReadonlySet<number> = new Set([31, 91]);

describe('replicaColour', () => {
  test('a replica keeps its colour: derived from the pod name alone', () => {
    expect(replicaColour(POD)).toBe(replicaColour(`${POD}`));
    const colours = new Set(Array.from({ length: 40 }, (_, i) => replicaColour(`app-00001-deployment-abc-pod${i}`)));
    expect(colours.size).toBeGreaterThanOrEqual(5); // spread over the palette
    expect([...colours].every((c) => !RED.has(c.ansi))).toBe(true);
    expect([...colours].every((c) => REPLICA_COLOURS.includes(c))).toBe(true);
  });
});
