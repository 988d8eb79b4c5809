package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSourceTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheSubjectAndBodyButNotTheOtherHeaders() throws Exception {
    Path mail = Files.writeString(dir.resolve("00001.abc.txt"), """
        From 12a1mailbot1@web.de  Thu Aug 22 13:17:22 2002
        Received: from mail.webnote.net [193.120.211.219]
        \tby localhost with POP3 (fetchmail-5.9.0)
        Subject: Life Insurance - Why Pay More?
        Content-Type: text/plain

        Save up to 70% on life insurance.
        Reply now.
        """);

    assertEquals(" Life Insurance - Why Pay More?\nSave up to 70% on life insurance.\nReply now.\n",
        MailSource.text(mail.toString()));
  }

  @Test
  void aMailWithoutBodyIsItsSubject() throws Exception {
    Path mail = Files.writeString(dir.resolve("00002.def.txt"), "Subject: hello\nTo: you");

    assertEquals(" hello\n", MailSource.text(mail.toString()));
  }
}
