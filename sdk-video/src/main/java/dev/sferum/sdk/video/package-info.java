/**
 * Calls and scheduled video lessons. Start with {@link dev.sferum.sdk.video.CallClient#vk} for single calls and
 * {@link dev.sferum.sdk.video.LessonScheduler#builder()} for a timetable.
 */
package dev.sferum.sdk.video;
