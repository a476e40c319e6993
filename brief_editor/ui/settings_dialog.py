"""The settings dialog: profile, autosave interval, export folder and theme."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brief_editor.storage.settings import MAX_AUTOSAVE_S, MIN_AUTOSAVE_S, THEMES, Settings


class SettingsDialog(QDialog):
    """Edit the user's settings; ``result_settings()`` gives the new value after OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self._settings = settings
        form = QFormLayout()
        self.profile = QLineEdit(settings.profile_path)
        self.profile.setAccessibleName("Profile file")
        self.profile.setPlaceholderText("Your profile.json, else the site or bundled profile")
        form.addRow("&Profile:", self._with_browse(self.profile, self._browse_profile))
        self.autosave = QSpinBox()
        self.autosave.setAccessibleName("Autosave interval in seconds")
        self.autosave.setRange(MIN_AUTOSAVE_S, MAX_AUTOSAVE_S)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(settings.autosave_interval_s)
        form.addRow("&Autosave every:", self.autosave)
        self.export_folder = QLineEdit(settings.export_folder)
        self.export_folder.setAccessibleName("Default export folder")
        self.export_folder.setPlaceholderText("The brief's own folder")
        form.addRow("&Export folder:", self._with_browse(self.export_folder, self._browse_folder))
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for theme in THEMES:
            self.theme.addItem(theme.capitalize(), theme)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        form.addRow("&Theme:", self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _with_browse(self, edit: QLineEdit, slot) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton("Browse…")
        button.setAccessibleName(f"Browse for {edit.accessibleName().lower()}")
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _browse_profile(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Profile", self.profile.text(),
                                              "Profiles (*.json)")
        if name:
            self.profile.setText(name)

    def _browse_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Export folder", self.export_folder.text())
        if name:
            self.export_folder.setText(name)

    def result_settings(self) -> Settings:
        return replace(
            self._settings,
            profile_path=self.profile.text().strip(),
            autosave_interval_s=self.autosave.value(),
            export_folder=self.export_folder.text().strip(),
            theme=self.theme.currentData(),
        )
