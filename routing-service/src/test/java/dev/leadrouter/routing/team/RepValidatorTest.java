package dev.leadrouter.routing.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepValidatorTest {
  private final RepValidator validator = new RepValidator();

  private static Rep.Builder valid() {
    return Rep.newBuilder()
        .setRepId("alice.smith")
        .setDisplayName("Alice Smith")
        .setEmail("alice@corp.example.com")
        .setPhone("+14155550100")
        .setTimeZone("America/New_York")
        .setActive(true)
        .setWorkingHours(WorkingHours.newBuilder().setTimeZone("Europe/Berlin"))
        .setCapacity(Capacity.newBuilder().setMaxOpenLeads(10).setMaxLeadsPerDay(5));
  }

  private List<String> fields(Rep.Builder rep) {
    return validator.validate(rep.build()).stream().map(Violation::field).toList();
  }

  static Stream<Arguments> validReps() {
    return Stream.of(
        Arguments.of("complete", (Consumer<Rep.Builder>) b -> {}),
        Arguments.of("one-char id", (Consumer<Rep.Builder>) b -> b.setRepId("a")),
        Arguments.of("64-char id", (Consumer<Rep.Builder>) b -> b.setRepId("a".repeat(64))),
        Arguments.of("id with digits . _ -", (Consumer<Rep.Builder>) b -> b.setRepId("0rep_1.x-y")),
        Arguments.of("no phone", (Consumer<Rep.Builder>) Rep.Builder::clearPhone),
        Arguments.of(
            "working windows incl. 24:00",
            (Consumer<Rep.Builder>)
                b ->
                    b.setWorkingHours(
                        WorkingHours.newBuilder()
                            .addWindows(
                                WorkingWindow.newBuilder()
                                    .setDayOfWeek(1)
                                    .setStart("09:00")
                                    .setEnd("12:30"))
                            .addWindows(
                                WorkingWindow.newBuilder()
                                    .setDayOfWeek(7)
                                    .setStart("18:00")
                                    .setEnd("24:00")))),
        Arguments.of(
            "working hours without zone",
            (Consumer<Rep.Builder>) b -> b.setWorkingHours(WorkingHours.newBuilder())),
        Arguments.of("no working hours", (Consumer<Rep.Builder>) Rep.Builder::clearWorkingHours),
        Arguments.of("unlimited capacity", (Consumer<Rep.Builder>) Rep.Builder::clearCapacity),
        Arguments.of("UTC zone", (Consumer<Rep.Builder>) b -> b.setTimeZone("UTC")),
        Arguments.of(
            "plus-addressed email",
            (Consumer<Rep.Builder>) b -> b.setEmail("Alice.Smith+leads@sub.corp.co.uk")),
        Arguments.of(
            "display name of 100", (Consumer<Rep.Builder>) b -> b.setDisplayName("n".repeat(100))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReps")
  void validRepsPass(String name, Consumer<Rep.Builder> change) {
    Rep.Builder b = valid();
    change.accept(b);
    assertThat(validator.validate(b.build())).isEmpty();
  }

  static Stream<Arguments> invalidReps() {
    return Stream.of(
        bad("empty id", b -> b.setRepId(""), "rep.rep_id"),
        bad("65-char id", b -> b.setRepId("a".repeat(65)), "rep.rep_id"),
        bad("id with space", b -> b.setRepId("alice smith"), "rep.rep_id"),
        bad("id with slash", b -> b.setRepId("team/alice"), "rep.rep_id"),
        bad("id with umlaut", b -> b.setRepId("jörg"), "rep.rep_id"),
        bad("id with '+'", b -> b.setRepId("alice+1"), "rep.rep_id"),
        bad(
            "window day 0",
            b ->
                b.setWorkingHours(
                    WorkingHours.newBuilder()
                        .addWindows(
                            WorkingWindow.newBuilder()
                                .setDayOfWeek(0)
                                .setStart("09:00")
                                .setEnd("17:00"))),
            "rep.working_hours.windows[0].day_of_week"),
        bad(
            "window start not HH:MM",
            b ->
                b.setWorkingHours(
                    WorkingHours.newBuilder()
                        .addWindows(
                            WorkingWindow.newBuilder()
                                .setDayOfWeek(1)
                                .setStart("9am")
                                .setEnd("17:00"))),
            "rep.working_hours.windows[0].start"),
        bad(
            "window crossing midnight",
            b ->
                b.setWorkingHours(
                    WorkingHours.newBuilder()
                        .addWindows(
                            WorkingWindow.newBuilder()
                                .setDayOfWeek(1)
                                .setStart("22:00")
                                .setEnd("02:00"))),
            "rep.working_hours.windows[0].end"),
        bad(
            "out of office ending before it starts",
            b ->
                b.addOutOfOffice(
                    dev.leadrouter.v1.OutOfOffice.newBuilder()
                        .setStart(com.google.protobuf.util.Timestamps.fromSeconds(2000))
                        .setEnd(com.google.protobuf.util.Timestamps.fromSeconds(1000))),
            "rep.out_of_office[0]"),
        bad("missing display name", Rep.Builder::clearDisplayName, "rep.display_name"),
        bad("blank display name", b -> b.setDisplayName("   "), "rep.display_name"),
        bad("display name of 257", b -> b.setDisplayName("n".repeat(257)), "rep.display_name"),
        bad("missing email", Rep.Builder::clearEmail, "rep.email"),
        bad("email without @", b -> b.setEmail("alice.corp.com"), "rep.email"),
        bad("email without domain dot", b -> b.setEmail("alice@corp"), "rep.email"),
        bad("email with two @", b -> b.setEmail("alice@@corp.com"), "rep.email"),
        bad("email with space", b -> b.setEmail("alice smith@corp.com"), "rep.email"),
        bad("email with empty local part", b -> b.setEmail("@corp.com"), "rep.email"),
        bad("national phone", b -> b.setPhone("4155550100"), "rep.phone"),
        bad("formatted phone", b -> b.setPhone("+1 415 555 0100"), "rep.phone"),
        bad("phone with leading 0 country code", b -> b.setPhone("+0415555010"), "rep.phone"),
        bad("phone too long", b -> b.setPhone("+1234567890123456"), "rep.phone"),
        bad("unknown time zone", b -> b.setTimeZone("Mars/Olympus_Mons"), "rep.time_zone"),
        bad("time zone abbreviation", b -> b.setTimeZone("PST"), "rep.time_zone"),
        bad("time zone wrong case", b -> b.setTimeZone("america/new_york"), "rep.time_zone"),
        bad(
            "unknown working-hours zone",
            b -> b.setWorkingHours(WorkingHours.newBuilder().setTimeZone("Europe/Atlantis")),
            "rep.working_hours.time_zone"),
        bad(
            "negative max open leads",
            b -> b.setCapacity(Capacity.newBuilder().setMaxOpenLeads(-1)),
            "rep.capacity"),
        bad(
            "negative max per day",
            b -> b.setCapacity(Capacity.newBuilder().setMaxLeadsPerDay(-1)),
            "rep.capacity"),
        bad(
            "both limits negative: one violation",
            b -> b.setCapacity(Capacity.newBuilder().setMaxOpenLeads(-3).setMaxLeadsPerDay(-3)),
            "rep.capacity"));
  }

  private static Arguments bad(String name, Consumer<Rep.Builder> change, String field) {
    return Arguments.of(name, change, field);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @MethodSource("invalidReps")
  void eachProblemIsReportedOnItsField(String name, Consumer<Rep.Builder> change, String field) {
    Rep.Builder b = valid();
    change.accept(b);
    assertThat(fields(b)).containsExactly(field);
  }

  @Test
  void unknownTimeZoneIsNamedInTheMessage() {
    assertThat(validator.validate(valid().setTimeZone("Mars/Olympus_Mons").build()))
        .containsExactly(
            new Violation(
                "rep.time_zone",
                "unknown time zone 'Mars/Olympus_Mons'; use an IANA name like America/New_York"));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Rep.Builder b =
        Rep.newBuilder()
            .setRepId("Bad Id")
            .setEmail("nope")
            .setPhone("555")
            .setTimeZone("Nowhere/City")
            .setWorkingHours(WorkingHours.newBuilder().setTimeZone("Also/Nowhere"))
            .setCapacity(Capacity.newBuilder().setMaxOpenLeads(-1));
    assertThat(fields(b))
        .containsExactly(
            "rep.rep_id",
            "rep.display_name",
            "rep.email",
            "rep.phone",
            "rep.time_zone",
            "rep.working_hours.time_zone",
            "rep.capacity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Alice", "005Dn000001AbCdEAK", "alice@corp.com", "_svc"})
  void repIdCharsetMatchesProto(String id) {
    assertThat(fields(valid().setRepId(id))).isEmpty();
  }

  @Test
  void displayNameUpTo256IsAccepted() {
    assertThat(fields(valid().setDisplayName("n".repeat(256)))).isEmpty();
  }

  @Test
  void timeZoneIsRequired() {
    assertThat(fields(valid().clearTimeZone())).containsExactly("rep.time_zone");
  }
}
