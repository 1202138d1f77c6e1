// A Columns list (src/db/sql.ts) names exactly a model's fields: the `@ts-expect-error`
// lines below are compile errors, checked by tsc and ts-jest.
import { Columns } from '../../src/db/sql.js';
import { Prisma, type Monitor, type Schedule } from '../../src/generated/prisma/client.js';

describe('Columns', () => {
  it('takes exactly the fields of its row type', () => {
    const schedule = new Columns<Schedule>(Prisma.ScheduleScalarFieldEnum, ['status']);
    expect([...schedule.names].sort()).toEqual(Object.keys(Prisma.ScheduleScalarFieldEnum).sort());

    const withoutName = { ...Prisma.MonitorScalarFieldEnum } as Omit<typeof Prisma.MonitorScalarFieldEnum, 'name'>;
    // @ts-expect-error a Monitor column list without "name": a field added to the model and not to the list
    expect(() => new Columns<Monitor>(withoutName)).not.toThrow();
    const withExtra = { ...Prisma.MonitorScalarFieldEnum, retired: 'retired' } as const;
    // @ts-expect-error a column that Monitor does not have: a field removed from the model and not from the list
    expect(() => new Columns<Monitor>(withExtra)).not.toThrow();
    // @ts-expect-error another model's columns
    expect(() => new Columns<Schedule>(Prisma.MonitorScalarFieldEnum)).not.toThrow();
    // @ts-expect-error an enum cast of a column the row does not have
    expect(() => new Columns<Schedule>(Prisma.ScheduleScalarFieldEnum, ['type'])).not.toThrow();
  });
});
