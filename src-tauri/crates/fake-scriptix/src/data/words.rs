//! Word banks for believable office recordings.

/// File-name patterns. `{date}` is the recording date, `{name}`, `{topic}`, `{company}`,
/// `{city}` and `{n}` are filled from the lists below. A few names carry characters that
/// are awkward in file systems (`/`, `:`, quotes, accents) on purpose: real users type them.
pub(crate) const TITLES: &[&str] = &[
    "Board meeting {date}",
    "Weekly team sync {date}",
    "Interview with {name} {date}",
    "Customer call - {company} {date}",
    "Lecture {n} - {topic}",
    "Podcast ep. {n} - {topic}",
    "Focus group {city} {date}",
    "Council session {date}",
    "Deposition {name} {date}",
    "Webinar: {topic}",
    "Q{q}/Q{q2} planning {date}",
    "All-hands {date}",
    "Sales pipeline review {date}",
    "Onboarding call - {company}",
    "Research interview #{n} ({city})",
    "Panel \"{topic}\" {date}",
    "Réunion d'équipe {date}",
    "Gesprek met {name} {date}",
];

pub(crate) const PEOPLE: &[&str] = &[
    "Maria Jansen",
    "Tom de Vries",
    "Priya Natarajan",
    "James O'Connor",
    "Sofia Rossi",
    "Lukas Becker",
    "Amara Okafor",
    "Chen Wei",
    "Jürgen Müller",
    "Fatima El Amrani",
    "Olivia Brown",
    "Mateo García",
    "Hannah Schmidt",
    "Noah Williams",
];

pub(crate) const TOPICS: &[&str] = &[
    "Data privacy in practice",
    "Budget 2025",
    "Climate adaptation",
    "Customer onboarding",
    "Introduction to statistics",
    "Remote work",
    "Supply chain risks",
    "Accessible design",
    "Quarterly results",
    "Hiring plan",
];

pub(crate) const COMPANIES: &[&str] = &[
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Blue Harbor Bank",
];

pub(crate) const CITIES: &[&str] = &[
    "Amsterdam",
    "Rotterdam",
    "Utrecht",
    "Berlin",
    "Lyon",
    "Manchester",
];

/// `(extension, media type)` of the uploaded recording.
pub(crate) const MEDIA: &[(&str, &str)] = &[
    ("mp3", "audio/mpeg"),
    ("mp3", "audio/mpeg"),
    ("wav", "audio/wav"),
    ("m4a", "audio/mp4"),
    ("mp4", "video/mp4"),
];

pub(crate) const LANGUAGES: &[(&str, u32)] =
    &[("en", 60), ("nl", 20), ("de", 8), ("fr", 7), ("es", 5)];

/// The sentence bank transcripts are built from.
pub(crate) const SENTENCES: &[&str] = &[
    "Good morning everyone, thanks for joining.",
    "Let's start with a quick round of updates.",
    "I think we should look at the numbers first.",
    "That's a fair point, but the timeline is tight.",
    "Can you say a bit more about how that works in practice?",
    "We saw a clear increase in the second quarter.",
    "Honestly, I wasn't expecting that result.",
    "The main risk is that suppliers can't keep up.",
    "Let me share my screen for a moment.",
    "So what would you do differently next time?",
    "We need a decision on this before Friday.",
    "I'll follow up with the legal team this week.",
    "The survey had just over four hundred responses.",
    "Could you repeat the last part? The line dropped.",
    "In short, the pilot went better than planned.",
    "There are three things I'd like to highlight.",
    "First, the costs were lower than budgeted.",
    "Second, customers asked for more training.",
    "And third, we still have open questions about data retention.",
    "Let's park that and come back to it at the end.",
    "Does anyone have questions so far?",
    "Yes, I had one about the reporting deadline.",
    "The deadline is the fifteenth, so there's some room.",
    "I agree, let's go with the second option.",
    "We interviewed twelve people across four departments.",
    "Most of them said the new process saves time.",
    "A few were worried about privacy, which is understandable.",
    "That brings us to the next item on the agenda.",
    "Thanks, that's really helpful context.",
    "I'll send the slides around after the meeting.",
    "Today we're talking about how small teams handle growth.",
    "My guest has worked in this field for over fifteen years.",
    "What got you interested in this topic in the first place?",
    "It started with a project that went completely wrong.",
    "We learned more from that failure than from any success.",
    "Let's take a five minute break.",
    "Right, we're back, and we're still recording.",
    "For the minutes: the proposal was accepted unanimously.",
    "The next meeting is scheduled for the first Monday of the month.",
    "Okay, I think that's everything. Thanks, all.",
];

pub(crate) const COMMENTS: &[&str] = &[
    "Please check the spelling of this name.",
    "Is this the right figure? I heard fourteen, not forty.",
    "Speaker changes here.",
    "Can we redact this part before sharing?",
    "Inaudible - listen again at normal speed.",
    "Approved for the minutes.",
    "This quote goes into the newsletter.",
    "Wrong speaker label, this is the guest.",
    "Timestamp is a few seconds off.",
    "Confirmed with the speaker by e-mail.",
];
