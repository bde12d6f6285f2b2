/** Mantine's dimmed description grey is below 4.5:1 on white; operators read these hints all day. */
export const readableDescription = { description: { color: 'var(--mantine-color-gray-7)' } };
