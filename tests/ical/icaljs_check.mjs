// Reads an iCalendar document on stdin and prints, as JSON, what Mozilla's ical.js (Thunderbird's parser) makes
// of it. The Python tests compare that with what they put in, so a feed only passes if a real client reads it.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");

const root = new ICAL.Component(ICAL.parse(text));
const value = (component, name) => {
  const v = component.getFirstPropertyValue(name);
  return v === null || v === undefined ? null : v.toString();
};
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstProperty("dtstart");
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    description: event.description,
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    isDate: event.startDate.isDate,
    tzid: start.getParameter("tzid") ?? null,
    // Absolute instant of the start, so a timed event's zone handling is checked, not just its digits.
    startUnix: event.startDate.toUnixTime(),
    sequence: event.sequence,
    status: value(vevent, "status"),
    url: value(vevent, "url"),
    dtstamp: value(vevent, "dtstamp"),
    lastModified: value(vevent, "last-modified"),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues().map(String)),
  };
});
const out = {
  method: value(root, "method"),
  version: value(root, "version"),
  name: value(root, "name"),
  calname: value(root, "x-wr-calname"),
  refresh: value(root, "refresh-interval"),
  ttl: value(root, "x-published-ttl"),
  url: value(root, "url"),
  timezones: root.getAllSubcomponents("vtimezone").map((tz) => value(tz, "tzid")),
  events,
};
process.stdout.write(JSON.stringify(out));
