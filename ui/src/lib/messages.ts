// Every piece of text the UI shows comes from this catalogue: English here, Dutch, German
// and French in ./lang/ with exactly the same keys (`Catalogue` makes a missing or extra key
// a compile error, and messages.test.ts checks it again at run time). Rust sends codes; the
// words for them are here too (error kinds, `detail.*`, `failed.*`, `io.*`).
//
// Plurals: a key ending in `.one`/`.other` (and whatever else a language needs) is picked by
// `tn(base, count)` through Intl.PluralRules, so there is no "1 documents". Words follow
// docs/glossary.md.

import { de } from "./lang/de";
import { fr } from "./lang/fr";
import { nl } from "./lang/nl";

export const en = {
  "app.tagline": "Look after your Scriptix transcripts safely.",
  "app.version": "Version {version}",
  "app.language": "Language",
  "app.languageSystem": "Same as this computer",
  "status.dismiss": "Dismiss message",
  "status.noticeSetAside": "The list of accounts could not be used, so the app started with an empty list. The old list was kept at {path}; nothing was overwritten. {reason}",

  "count.sessions.one": "{count} session",
  "count.sessions.other": "{count} sessions",
  "count.documents.one": "{count} document",
  "count.documents.other": "{count} documents",
  "count.comments.one": "{count} comment",
  "count.comments.other": "{count} comments",

  "role.admin": "Administrator",
  "role.member": "Member",
  "role.readOnly": "Read only",

  "dialog.backupTitle": "Where should the backup go?",
  "dialog.backupFilter": "Backup",
  "dialog.backupFileName": "{name} backup {date}",
  "dialog.accountBackupFileName": "Scriptix backup {date}",
  "dialog.exportTitle": "Save the document as",
  "dialog.exportFilter": "Document",
  "dialog.openBackupTitle": "Choose a backup to open",
  "dialog.folderTitle": "Choose the folder for the backups",
  "dialog.csvTitle": "Save the deletion record as",
  "dialog.csvFilter": "Spreadsheet",
  "dialog.csvFileName": "Scriptix deletion record",

  "result.backupTitle": "Backup saved and checked",
  "result.exportTitle": "File saved",
  "result.csvTitle": "Deletion record saved",
  "result.file": "File: {name}",
  "result.folder": "In folder: {folder}",
  "result.openFolder": "Open folder",
  "result.openBackup": "Open backup",
  "result.close": "Close",
  "result.nothingSaved": "Nothing was saved.",

  "csv.at": "At",
  "csv.account": "Account",
  "csv.organization": "Organization",
  "csv.server": "Server",
  "csv.kind": "Kind",
  "csv.sessionId": "Session ID",
  "csv.documentId": "Document ID",
  "csv.commentId": "Comment ID",
  "csv.name": "Name",
  "csv.outcome": "Outcome",
  "csv.reason": "Reason",
  "csv.backupFile": "Backup file",
  "csv.backupSha": "Backup SHA-256",

  "activity.commentOn": "Comment on “{name}”",
  "activity.openBackup": "Open backup",
  "activity.showFolder": "Show in folder",

  "failed.not_backed_up": "It could not be backed up.",
  "failed.not_backed_up_not_deleted": "It could not be backed up, so it was not deleted.",
  "failed.gone_before_backup": "It was no longer on Scriptix, so it could not be backed up.",
  "failed.deleted_backup_lost": "It was deleted, but its backup file has since been removed or changed. Keep the other backups safe.",
  "failed.not_deleted": "It was backed up but not deleted.",
  "bulk.stoppedBecause": "The job stopped: {reason}",

  "io.not_allowed": "The app is not allowed to write in that folder. Choose another folder.",
  "io.disk_full": "The disk is full. Make room or choose another disk.",
  "io.not_found": "The folder or file is no longer there (was a USB stick removed?).",
  "io.other": "The computer could not read or write the file.",

  "appFile.account_list": "The list of accounts",
  "appFile.journal": "The record of this bulk job",
  "appFile.deletion_record": "The deletion record",
  "appFile.app_folder": "The app's own folder",
  "appFile.log": "The app's log",
  "appFile.backup_index": "The list of backups in the folder",
  "appFile.library_cache": "The saved copy of the library",
  "appFile.settings": "The app's settings",

  "intact.not_zip": "It is not a readable zip file; it may be damaged or incomplete.",
  "intact.duplicate_names": "It holds two files with the same name.",
  "intact.no_manifest": "It has no list of contents, so it is not a backup made by this app.",
  "intact.manifest_damaged": "Its list of contents is damaged.",
  "intact.not_a_backup": "It is not a backup made by this app.",
  "intact.newer_version": "It was made by a newer version of the app. Update the app to open it.",
  "intact.entry_changed": "{entry} has been changed or damaged.",
  "intact.unreadable_name": "It contains a file with an unreadable name.",
  "intact.listing_mismatch": "{entry} does not match its list of contents.",
  "intact.too_many_entries": "It holds far more files than any backup the app makes.",
  "intact.entry_too_large": "One of its files claims a size no backup file can have.",
  "intact.total_too_large": "Its files together claim a size no backup can have.",
  "intact.manifest_too_large": "Its list of contents is far larger than any the app writes.",
  "intact.overlapping_entries": "Two of its files share the same stored bytes, as a damaged or crafted file would.",
  "intact.inconsistent_headers": "Its table of contents does not match the files stored in it.",
  "intact.unsupported_entry": "It holds a file stored in a way the app never uses.",
  "intact.unreadable": "The file could not be read.",

  "detail.sign_in_refused": "Sign in to this account again.",
  "detail.not_allowed": "Ask an administrator of your organisation if you need this.",
  "detail.gone": "Someone may have deleted it in Scriptix. Refresh the list.",
  "detail.busy": "Nothing was lost. Try again in a minute.",
  "detail.busy_seconds.one": "Nothing was lost. Try again in {count} second.",
  "detail.busy_seconds.other": "Nothing was lost. Try again in {count} seconds.",
  "detail.server_said": "Scriptix said: “{text}”",
  "detail.server_problem": "Nothing was changed. Try again later.",
  "detail.unreachable": "Nothing was changed. Check the internet connection and try again.",
  "detail.unreadable_answer": "Scriptix answered in a way the app did not understand. Nothing was deleted. Try again later.",
  "detail.unsafe_name": "That item has a name the app cannot use safely, so it was left alone.",
  "detail.server_address_unusable": "That Scriptix address cannot be used. Leave it empty unless your organisation gave you one.",
  "detail.stopped": "Stopped before it finished.",
  "detail.stopped_nothing_changed": "Stopped before it finished. Nothing was changed.",
  "detail.no_file_chosen": "No file was chosen, so nothing was saved.",
  "detail.no_folder_chosen": "No folder was chosen, so nothing was done.",
  "detail.no_backup_chosen": "No backup was chosen.",
  "detail.app_file.read": "{file} could not be read. {io}",
  "detail.app_file.write": "{file} could not be saved. {io}",
  "detail.app_file.move_aside": "{file} could not be read, and could not be moved aside. {io}",
  "detail.app_file_damaged": "{file} is damaged, so it cannot be used safely.",
  "detail.app_file_newer": "{file} was written by a newer version of the app. Update the app.",
  "detail.too_many_old_copies": "The list of accounts could not be read, and there are too many old copies beside it. Remove old copies from the app's folder.",
  "detail.file": "{io}",
  "detail.backup_not_written": "The backup could not be written. Nothing was deleted.",
  "detail.backup_not_saved": "The backup could not be saved there. Nothing was deleted. {io}",
  "detail.file_exists": "A file named “{name}” is already there. Choose another name.",
  "detail.backup_incomplete": "The backup is incomplete: {entry} was not fully written. Nothing was deleted.",
  "detail.backup_not_as_written": "The saved backup is not the file that was written. Nothing was deleted. Try again, perhaps on another disk.",
  "detail.not_intact": "This backup is not intact.",
  "detail.backup_unreadable": "The backup could not be read.",
  "detail.backup_unreadable_entry": "{entry} could not be read from the backup.",
  "detail.backup_missing_session": "The backup does not contain this session, so it was not deleted.",
  "detail.backup_not_planned": "The job's record points at a different backup file than planned, so it is backed up again.",
  "detail.backup_changed": "The backup file was changed after it was made, so it is backed up again.",
  "detail.changed_during_backup": "It changed on Scriptix while the backup was being made, so it was not deleted. Try again.",
  "detail.account_missing": "That account is no longer set up in the app.",
  "detail.sign_in_missing": "The saved sign-in for “{label}” is no longer on this computer. Sign in again.",
  "detail.sign_in_expired": "Scriptix no longer accepts the saved sign-in for “{label}”. Sign in again.",
  "detail.key_refused": "Check that you copied all of it and that it has not been deleted in Scriptix.",
  "detail.password_refused": "Check the email address and password and try again.",
  "detail.token_refused": "Scriptix did not accept the sign-in it just gave out. Try again.",
  "detail.different_user": "That sign-in belongs to a different Scriptix user ({user}). Add it as a new account instead.",
  "detail.practice_needs_no_sign_in": "The practice account does not need signing in.",
  "detail.missing_api_key": "Paste the API key.",
  "detail.missing_email": "Type your email address.",
  "detail.missing_password": "Type your password.",
  "detail.missing_code": "Type the code from your authenticator app.",
  "detail.code_expired": "This sign-in waited too long for its code. Start again.",
  "detail.code_refused": "Check your authenticator app and type the newest code.",
  "detail.code_refused_too_often": "The code was not accepted too many times. Start the sign-in again.",
  "detail.missing_label": "Give the account a name.",
  "detail.label_too_long": "Use a shorter name (at most {max} characters).",
  "detail.label_has_line_breaks": "The name cannot contain line breaks or tabs.",
  "detail.order_repeats": "The new order names an account twice.",
  "detail.keyring_unavailable": "The password store is not running or is locked. Unlock it (log in to your computer again) and try again.",
  "detail.keyring_damaged": "The saved sign-in for this account is damaged. Remove the account and add it again.",
  "detail.keyring_too_long": "This sign-in is too long for the password store to keep.",
  "detail.keyring_not_read_back": "The password store did not give back what the app saved. Try again.",
  "detail.keyring_failed": "Try again.",
  "detail.choose_folder_first": "Choose the folder for the backups first.",
  "detail.folder_not_found": "The backup folder was not found. Choose it again.",
  "detail.nothing_selected": "Nothing was selected.",
  "detail.nothing_failed": "Nothing in this job failed.",
  "detail.unknown_job": "That is not a job of this app.",
  "detail.job_missing": "That job's record was not found.",
  "detail.not_app_file": "That file was not made by this app, so it is not opened.",
  "detail.cannot_open_folder": "The folder could not be shown. Open it yourself: {path}",
  "detail.task_stopped": "Nothing was deleted. Try again; if it happens again, restart the app.",
  "detail.practice_server_failed": "The practice data could not be started. Restart the app.",
  "detail.logging_started": "Restart the app.",
  "detail.bug": "Nothing was deleted. Restart the app; if it happens again, tell support: {what}",
  "welcome.noAccount": "No account is set up yet.",
  "welcome.explain":
    "Add your Scriptix account to see your transcripts, save backups and tidy up. Or try everything first with sample data: nothing you do there touches a real account.",
  "welcome.tryPractice": "Try it with sample data",
  "welcome.addAccount": "Add a Scriptix account",
  "welcome.startingPractice": "Preparing the sample data…",

  "nav.library": "Library",
  "nav.accounts": "Accounts",
  "nav.openBackup": "Open a backup",
  "nav.activity": "Deletion record",
  "nav.main": "Main",

  "account.active": "Active account",
  "account.switchTo": "Switch account",
  "account.practiceBadge": "Practice",
  "account.needsSignIn": "Sign-in expired",
  "account.add": "Add a Scriptix account",
  "account.addTitle": "Add a Scriptix account",
  "account.methodPassword": "Sign in with email and password",
  "account.methodKey": "Use an API key",
  "account.email": "Email address",
  "account.password": "Password",
  "account.apiKey": "API key",
  "account.label": "Name for this account (optional)",
  "account.server": "Server address",
  "account.serverHint": "Leave as it is unless your organisation runs its own Scriptix.",
  "account.moreOptions": "More options",
  "account.signIn": "Sign in",
  "account.addKey": "Add account",
  "account.checking": "Checking with Scriptix…",
  "account.mfaTitle": "Enter your verification code",
  "account.mfaExplain": "Scriptix asks for the 6-digit code from your authenticator app.",
  "account.mfaCode": "Verification code",
  "account.verify": "Verify",
  "account.cancel": "Cancel",
  "account.added": "Account “{label}” added.",
  "account.wrongPassword": "That email address and password were not accepted. Nothing was saved.",
  "account.wrongKey": "That API key was not accepted. Nothing was saved.",
  "account.wrongCode": "That code was not accepted. Please try again.",
  "account.renewTitle": "Sign in again to “{label}”",
  "account.renewExplain": "Scriptix no longer accepts the saved sign-in for “{label}”. Sign in again; the account's name and settings stay as they are.",
  "account.renew": "Sign in again",
  "account.renewed": "“{label}” is signed in again.",
  "account.expiredBanner": "The sign-in for “{label}” has expired.",

  "accounts.title": "Accounts",
  "accounts.explain": "Sign-ins are kept in this computer's password store, never in a file.",
  "accounts.rename": "Rename",
  "accounts.renameLabel": "New name for “{label}”",
  "accounts.save": "Save",
  "accounts.moveUp": "Move “{label}” up",
  "accounts.moveDown": "Move “{label}” down",
  "accounts.remove": "Remove “{label}”",
  "accounts.removeTitle": "Remove “{label}” from this app?",
  "accounts.removeExplain": "The app forgets this account and its saved sign-in. Nothing on Scriptix is deleted, and you can add the account again later.",
  "accounts.removeConfirm": "Remove account",
  "accounts.removed": "“{label}” was removed: its saved sign-in and cached lists are gone from this computer.",
  "accounts.forgetAll": "Forget all accounts",
  "accounts.forgetAllTitle": "Forget all accounts?",
  "accounts.forgetAllExplain": "The app forgets every account and every saved sign-in. Nothing on Scriptix is deleted.",
  "accounts.forgetAllConfirm": "Forget all",
  "accounts.forgotAll": "All accounts were forgotten.",
  "accounts.roles": "Roles: {roles}",
  "accounts.server": "Server: {server}",
  "accounts.use": "Use this account",

  "practice.label": "Practice account",
  "practice.banner": "Practice mode: sample data on a practice server. Nothing here touches a real Scriptix account.",

  "library.title": "Library",
  "library.search": "Search by name",
  "library.kind": "Type",
  "library.kindAll": "All types",
  "library.kindTranscripts": "Transcripts",
  "library.kindCaptions": "Captions",
  "library.finished": "Finished",
  "library.finishedAny": "Finished or not",
  "library.finishedYes": "Finished only",
  "library.finishedNo": "Not finished",
  "library.from": "Changed from",
  "library.to": "Changed until",
  "library.sort": "Sort by",
  "library.sortName": "Name",
  "library.sortCreated": "Date created",
  "library.sortModified": "Last changed",
  "library.sortDuration": "Length",
  "library.descending": "Newest or largest first",
  "library.loadingMore": "Loading more… {loaded} of {total}",
  "library.loadingMoreUnknown": "Loading more… {loaded} so far",
  "library.count.one": "{count} session",
  "library.count.other": "{count} sessions",
  "library.countOf.one": "{matching} of {count} session",
  "library.countOf.other": "{matching} of {count} sessions",
  "library.empty": "No sessions match.",
  "library.sessions": "Sessions",
  "library.pickSession": "Choose a session on the left to see its documents.",
  "library.refresh": "Refresh",
  "library.backUpAccount": "Back up the whole account",
  "library.openSharedLink": "Open a shared link",
  "library.sharedLinkLabel": "Shared link",
  "library.sharedLinkOpen": "Open",
  "library.sharedReadOnly": "Opened from a shared link: you can read and back it up, not delete it.",

  "session.documents": "Documents",
  "session.duration": "Length {duration}",
  "session.created": "Created {date}",
  "session.modified": "Last changed {date}",
  "session.owner": "Owner: {name}",
  "session.status": "Status: {status}",
  "session.backUp": "Back up session",
  "session.delete": "Delete session",
  "session.loadingDocuments": "Loading documents…",
  "session.noDocuments": "This session has no documents.",

  "document.kind.transcript": "Transcript",
  "document.kind.caption": "Captions",
  "document.kind.other": "Document",
  "document.finished": "Finished",
  "document.notFinished": "Not finished",
  "document.open": "Open",
  "document.backUp": "Back up",
  "document.exportAs": "Export as…",
  "document.exportFormat": "File type",
  "document.export": "Save file",
  "document.markFinished": "Mark as finished",
  "document.markedFinished": "“{name}” is marked as finished.",
  "document.delete": "Delete document",
  "document.comments": "Comments",
  "document.noComments": "No comments.",
  "document.transcript": "Text",
  "document.close": "Close document",
  "document.size": "{size}",
  "comment.delete": "Delete comment by {author}",
  "comment.at": "at {time}",

  "backup.saved": "Backup saved and checked: {path}",
  "backup.working": "Saving the backup…",
  "backup.progress": "Backup progress",
  "backup.includeMedia": "Also save the original audio or video (larger)",
  "export.saved": "Saved: {path}",

  "delete.titleDocument": "Delete “{name}”?",
  "delete.titleSession": "Delete the session “{name}”?",
  "delete.titleComment": "Delete this comment by {author}?",
  "delete.whatGoes": "This permanently deletes from Scriptix:",
  "delete.sessionContents": "{documents} and {comments}",
  "delete.documentContents": "the document and its {comments}",
  "delete.commentContents": "“{text}”",
  "delete.account": "Account: {label}",
  "delete.backupFirst": "First a backup is saved on this computer and checked. Only then is anything deleted. You will choose where the backup goes.",
  "delete.permanent": "Deleting cannot be undone on Scriptix.",
  "delete.backupReadOnly": "A backup can be read with this app, but it cannot be put back into Scriptix.",
  "delete.saveThenDelete": "Save backup, then delete",
  "delete.withoutBackup": "Delete without backup…",
  "delete.withoutBackupTitle": "Delete without a backup?",
  "delete.withoutBackupExplain": "There will be no copy of “{name}” anywhere. It cannot be recovered.",
  "delete.withoutBackupConfirm": "Yes, delete without backup",
  "delete.gentle": "Not sure? You can mark it as finished instead; nothing is deleted.",
  "delete.cancel": "Keep it",
  "delete.working": "Saving the backup, then deleting…",
  "delete.done": "Deleted “{name}”. The backup is at {path}.",
  "delete.doneNoBackup": "Deleted “{name}”.",
  "delete.alreadyDeleted": "“{name}” was already deleted.",
  "delete.failed": "“{name}” was not deleted.",

  "openBackup.title": "Open a backup",
  "openBackup.explain": "Read a backup made by this app without going online. Every file in it is checked first.",
  "openBackup.choose": "Choose a backup file…",
  "openBackup.checked.one": "{count} file checked: nothing was changed since the backup was made.",
  "openBackup.checked.other": "All {count} files checked: nothing was changed since the backup was made.",
  "openBackup.from": "From “{label}” ({organization}), saved {date}",
  "openBackup.failed": "This backup cannot be trusted:",

  "activity.title": "Deletion record",
  "activity.explain": "Every deletion made with this app on this computer, with the backup it relied on.",
  "activity.empty": "Nothing has been deleted with this app yet.",
  "activity.export": "Export as spreadsheet (CSV)…",
  "activity.exported.one": "Saved {count} row to {path}",
  "activity.exported.other": "Saved {count} rows to {path}",
  "activity.when": "When",
  "activity.account": "Account",
  "activity.what": "What",
  "activity.outcome": "Result",
  "activity.backup": "Backup",
  "activity.kind.session": "Session",
  "activity.kind.document": "Document",
  "activity.kind.comment": "Comment",
  "activity.outcome.deleted": "Deleted",
  "activity.outcome.alreadyDeleted": "Already deleted",
  "activity.outcome.notPermitted": "Not permitted",
  "activity.outcome.failed": "Not done: {reason}",
  "activity.noBackup": "No backup",

  "bulk.selected": "{count} selected",
  "bulk.selectAllMatching": "Select all {count} shown",
  "bulk.clear": "Clear selection",
  "bulk.backUp": "Back up selected",
  "bulk.backUpDelete": "Back up and delete selected",
  "bulk.backUpAccount": "Back up the whole account",
  "bulk.hint": "Tip: Shift-click selects a range, Ctrl-click adds one, Escape clears.",
  "bulk.notDeletable": "{count} of the selected cannot be deleted with this account, so they are left out.",
  "bulk.confirmTitleDelete.one": "Back up and delete {count} session?",
  "bulk.confirmTitleDelete.other": "Back up and delete {count} sessions?",
  "bulk.confirmTitleBackup.one": "Back up {count} session?",
  "bulk.confirmTitleBackup.other": "Back up {count} sessions?",
  "bulk.confirmWhat": "Each session is saved as its own checked backup in the folder below. {deleteNote}",
  "bulk.deleteNote": "A session is deleted from Scriptix only after its own backup was checked.",
  "bulk.backupNote": "Nothing is deleted.",
  "bulk.folder": "Folder: {folder}",
  "bulk.chooseFolder": "Choose folder…",
  "bulk.start": "Start",
  "bulk.startDelete": "Back up, then delete {count}",
  "bulk.progressLabel": "Bulk job progress",
  "bulk.progress.one": "{done} of {count} session",
  "bulk.progress.other": "{done} of {count} sessions",
  "bulk.bytes": "{size} saved",
  "bulk.eta": "about {time} left",
  "bulk.pause": "Pause",
  "bulk.resume": "Continue",
  "bulk.cancel": "Stop",
  "bulk.paused": "Paused.",
  "bulk.summaryTitle": "Done",
  "bulk.summaryCancelled": "Stopped",
  "bulk.summaryDeleted": "Deleted: {count}",
  "bulk.summaryAlready": "Already deleted: {count}",
  "bulk.summaryNotPermitted": "Not permitted: {count}",
  "bulk.summaryBackedUp": "Backed up: {count}",
  "bulk.summaryRemaining": "Not started: {count}",
  "bulk.summaryFailed": "Failed: {count}",
  "bulk.summaryAccountComplete": "The whole account is backed up: every session Scriptix lists for it.",
  "bulk.summaryAccountNotListed.one": "Not complete: {count} session could not be listed, so it is not in this backup.",
  "bulk.summaryAccountNotListed.other": "Not complete: {count} sessions could not be listed, so they are not in this backup.",
  "bulk.summaryAccountNotListedUnknown": "Not complete: Scriptix did not list every session of the account, so some are not in this backup.",
  "bulk.summaryAccountNotAll": "Not complete: some sessions of the account were not backed up (see below).",
  "bulk.retryFailed": "Retry the failed ones",
  "bulk.close": "Close",
  "bulk.unfinished": "A bulk job for “{label}” stopped before it finished ({done} of {total} done).",
  "bulk.resumeJob": "Resume it",

  "error.auth": "Scriptix did not accept the sign-in for this account.",
  "error.forbidden": "This account is not allowed to do that.",
  "error.not_found": "It is no longer on Scriptix.",
  "error.rate_limited": "Scriptix is busy right now. Please wait a moment and try again.",
  "error.network": "Scriptix could not be reached. Check the internet connection and try again.",
  "error.server": "Scriptix had a problem of its own. Please try again later.",
  "error.validation": "Scriptix did not accept this request.",
  "error.keyring":
    "The computer's password store could not be used, so the app cannot keep your sign-in safe.",
  "error.backup": "The backup could not be saved, so nothing was deleted.",
  "error.cancelled": "Stopped. Nothing more was done.",
  "error.invalid_input": "That cannot be used. Please check what you entered.",
  "error.storage": "The app could not read or save its own files.",
  "error.internal": "Something went wrong inside the app.",
  "error.unknown": "Something went wrong. Please try again.",

  // --- h13-secrets
  "comment.deleteNoAuthor": "Delete comment",
  "delete.titleCommentNoAuthor": "Delete this comment?",
  "delete.documentContentsNoCount": "the document and any comments on it",
  "delete.sessionContentsNoCount": "{documents} and any comments on them",
  // --- h11-a11y
  "session.rowLoading": "Loading…",
  // --- h12-package
  "about.open": "About",
  "about.title": "About {name}",
  "about.copySupport": "Copy details for support",
  "about.copied": "Copied. Paste them into your message to support.",
  "about.copyFailed": "Could not copy. Select the details below and copy them yourself.",
  "about.explain":
    "The details hold the app's version, your system and the newest log lines. Sign-ins and keys are removed; your transcripts are not in them.",
  "about.close": "Close",
  "about.detailsLabel": "Details for support",
  "support.heading": "Scriptix Desk support details",
  "support.version": "App version",
  "support.os": "System",
  "support.webview": "WebKitGTK",
  "support.logFolder": "Log folder",
  "support.logLines": "Newest {count} log lines",
  // --- h10-shapes
  "account.orUse": "Or",
  "account.microsoft": "Sign in with Microsoft",
  "account.microsoftWaiting": "Finish signing in in your web browser. This window waits for it.",
  "account.microsoftStop": "Stop waiting",
  "account.microsoftFailed": "The sign-in with Microsoft did not finish. Try again, or sign in another way.",
  "accounts.identityUnknown": "Scriptix does not say whose key this is, so name and organisation are unknown.",
  "accounts.rolesUnknown": "Scriptix does not say what this account may do. Delete buttons show, but Scriptix may still refuse.",
  "document.markUnfinished": "Mark as not finished",
  "document.markedUnfinished": "“{name}” is no longer marked as finished.",
  "delete.notOnScriptix": "“{name}” is not on Scriptix for this account: it was already deleted, or this account cannot see it. Nothing was deleted.",
  "activity.outcome.notOnScriptix": "Not on Scriptix for this account (already deleted, or not visible to it)",
  "bulk.partialAccount.one": "Not the whole account: Scriptix has listed {loaded} of its {count} session so far, and only those are in this backup.",
  "bulk.partialAccount.other": "Not the whole account: Scriptix has listed {loaded} of its {count} sessions so far, and only those are in this backup.",
  "bulk.partialAccountUnknown.one": "Not the whole account: only the {count} session Scriptix has listed so far is in this backup.",
  "bulk.partialAccountUnknown.other": "Not the whole account: only the {count} sessions Scriptix has listed so far are in this backup.",
  "bulk.summaryNotOnScriptix": "Not on Scriptix for this account (already deleted, or not visible to it): {count}",
  "csv.notOnScriptix": "Not on Scriptix for this account",
  "csv.notOnScriptixReason": "already deleted, or not visible to it",
  "detail.deleted_on_scriptix": "It was deleted on Scriptix. Refresh the list.",
  "detail.list_incomplete": "Scriptix did not list every session, so the list is not complete. Try again later.",
  "detail.unknown_link": "That is not a shared Scriptix link the app can open. Copy the link again from Scriptix.",
  // --- h10-pacing
  "pace.waitQuota": "Scriptix asks us to wait — continuing in {time}",
  "pace.waitNetwork": "Scriptix cannot be reached — trying again in {time}",
  "pace.estimate.one": "About {count} request; at your plan's {limit} {per} this takes about {time}.",
  "pace.estimate.other": "About {count} requests; at your plan's {limit} {per} this takes about {time}.",
  "pace.estimateNoLimit.one": "About {count} request.",
  "pace.estimateNoLimit.other": "About {count} requests.",
  "pace.estimateQuick.one": "About {count} request; at your plan's {limit} {per} this takes less than a minute.",
  "pace.estimateQuick.other": "About {count} requests; at your plan's {limit} {per} this takes less than a minute.",
  "pace.perMinute": "a minute",
  "pace.perHour": "an hour",
  "pace.perDay": "a day",
  "pace.perSeconds.one": "every second",
  "pace.perSeconds.other": "every {count} seconds",
  "pace.hoursMinutes": "{hours} h {minutes} min",
  "pace.days": "{days} d {hours} h",
  "pace.minutes": "{minutes} min",
  // --- a single action waiting for Scriptix, with Stop
  "pace.stop": "Stop",
  "pace.stopped": "Stopped before it finished: nothing was saved, and nothing changed on Scriptix.",
  "pace.deleteStopped": "Stopped: “{name}” was not deleted.",
} as const;

export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;
export type { Catalogue };

/** Keys with plural forms, by their base (`"count.documents"` for `"count.documents.other"`). */
export type PluralKey = MessageKey extends infer K
  ? K extends `${infer Base}.other`
    ? Base
    : never
  : never;

export const LANGUAGES = ["nl", "en", "de", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  nl: "Nederlands",
  en: "English",
  de: "Deutsch",
  fr: "Français",
};

const catalogues: Record<Language, Catalogue> = { en, nl, de, fr };
let currentLanguage: Language = "en";
let current: Catalogue = en;
let plurals = new Intl.PluralRules("en");
let numbers = new Intl.NumberFormat("en");

/** `nl-BE`, `de_AT.UTF-8`, `fr` → a language the app speaks; anything else → null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const primary = (tag ?? "").trim().split(/[-_.@]/)[0]?.toLowerCase() ?? "";
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}

/** The app's language: the person's choice, else the system's, else English. */
export function pickLanguage(
  chosen: Language | null | undefined,
  systemTags: ReadonlyArray<string | null | undefined>,
): Language {
  if (chosen) return chosen;
  for (const tag of systemTags) {
    const lang = languageOf(tag);
    if (lang) return lang;
  }
  return "en";
}

export function setLanguage(lang: string): void {
  currentLanguage = languageOf(lang) ?? "en";
  current = catalogues[currentLanguage];
  plurals = new Intl.PluralRules(currentLanguage);
  numbers = new Intl.NumberFormat(currentLanguage);
  if (typeof document !== "undefined") document.documentElement.lang = currentLanguage;
}

export function language(): Language {
  return currentLanguage;
}

/** The text for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return (current[key] ?? en[key]).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The plural form of `base` for `count` (formatted in the language as `{count}`). */
export function tn(base: PluralKey, count: number, params: Record<string, string | number> = {}): string {
  const form = `${base}.${plurals.select(count)}`;
  const key = (form in current ? form : `${base}.other`) as MessageKey;
  return t(key, { ...params, count: numbers.format(count) });
}
